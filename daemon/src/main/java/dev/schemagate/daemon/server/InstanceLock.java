package dev.schemagate.daemon.server;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock file beside the socket ({@code PATH.lock}), held for the daemon's whole life.
 *
 * <p>It must be taken before binding: Netty's epoll bind unlinks whatever is at the socket path, so without it a
 * second daemon would silently steal a live daemon's socket. The kernel drops the lock when the holder dies, so a
 * crash never leaves a stale lock behind (a stale socket file is then safe to replace).
 */
public final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final Path path;

    private InstanceLock(FileChannel channel, FileLock lock, Path path) {
        this.channel = channel;
        this.lock = lock;
        this.path = path;
    }

    /** Takes the lock for {@code socket}, or throws exit 78 naming the daemon that holds it. */
    public static InstanceLock acquire(Path socket) {
        Path path = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM: just as taken
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new SchemagateException(
                        ExitCodes.CONFIG,
                        "schemagate: another daemon (" + holder + ") already"
                                + " serves " + socket + " (instance lock " + path
                                + " is held); this one will not take over its"
                                + " socket. Action: stop the other daemon first (systemctl stop schemagate), or give this one"
                                + " another --socket.");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(
                            ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
            channel.force(false);
            return new InstanceLock(channel, lock, path);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: cannot create the instance lock " + path + ": " + e
                            + ". Action: make the socket's folder writable by this user (systemd: RuntimeDirectory=).",
                    e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return text.startsWith("pid ") ? text : "pid unknown";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases any lock; nothing else to do.
            }
        }
    }

    /** The lock file's path. */
    public Path path() {
        return path;
    }

    /** Releases the lock. The file stays: deleting it would race with a daemon that is starting. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // The channel close below releases it too.
        }
        closeQuietly(channel);
    }
}
