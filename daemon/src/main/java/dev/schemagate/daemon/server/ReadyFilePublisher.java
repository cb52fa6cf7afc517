package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.ReadyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the ready file beside the socket in step with the daemon's state: written (atomically, by rename) when the
 * state is READY, deleted on every other state, so it never says READY while a run is pending or in progress.
 *
 * <p>States are applied in sequence order and older ones are ignored: the READY of a run and the LOCKING of a
 * reload asked for meanwhile can be broadcast from two threads, and the file must end up as the newer says. The
 * daemon deletes a leftover file at start (a predecessor killed while READY) and at stop.
 */
final class ReadyFilePublisher implements GateListener {
    private static final Logger LOG = Logger.getLogger(ReadyFilePublisher.class.getName());

    private final Path file;
    private final Path socket;
    private final long pid;
    private final long startTime;
    private long lastSequence = -1;

    ReadyFilePublisher(Path socket) {
        this.socket = socket.toAbsolutePath();
        this.file = ReadyFile.pathFor(this.socket);
        this.pid = ProcessHandle.current().pid();
        this.startTime = ReadyFile.startTimeOf(pid);
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void changed(GateState state) {
        if (state.sequence() <= lastSequence) {
            return;
        }
        lastSequence = state.sequence();
        if (state.phase() == Phase.READY && startTime >= 0) {
            write(state.message().get(Fields.VERSION));
        } else {
            delete();
        }
    }

    /** Removes the file; no file is also fine. Called at start and stop, and on every state but READY. */
    synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // An undeletable file that says READY would release workers during a run: say so loudly.
            LOG.log(
                    Level.SEVERE,
                    "cannot delete the ready file " + file + " (" + e + "); workers may read a stale"
                            + " READY from it. Action: make the socket's folder writable by the daemon's user, or delete it.");
        }
    }

    private void write(String version) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.writeString(tmp, new ReadyFile(version, pid, startTime).format(), StandardCharsets.UTF_8);
            // Readable by the socket's group (the workers), writable by nobody else: readers check this.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r-----"));
            copyGroupOfSocket(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // Workers then ask over the socket, as without the file: slower, never wrong.
            LOG.log(Level.WARNING, "cannot write the ready file " + file + " (" + e + "); workers ask over the socket");
        }
    }

    /** Best effort: a daemon not in the socket's group keeps its own group, and the group's workers use the socket. */
    private void copyGroupOfSocket(Path tmp) {
        try {
            PosixFileAttributes socketAttrs = Files.readAttributes(socket, PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (!view.readAttributes().group().equals(socketAttrs.group())) {
                view.setGroup(socketAttrs.group());
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "ready file keeps the daemon's group: " + e);
        }
    }
}
