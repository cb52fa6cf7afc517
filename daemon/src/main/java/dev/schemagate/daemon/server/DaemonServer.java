package dev.schemagate.daemon.server;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.systemd.SocketActivation;
import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.ExitCodes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The Unix domain socket server agents connect to (Netty, epoll transport).
 *
 * <p>Start-up order matters: instance lock, then remove a stale socket file, then bind, then permissions 0660.
 */
public final class DaemonServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DaemonServer.class.getName());
    /** Unsent bytes per client: a handful of lines (STATE lines are under 200 bytes; a FAILED line up to 4 KiB). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(4096, 8192);

    private final InstanceLock instanceLock;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Path socket;
    private final boolean activated;
    private final ChannelGroup clients;

    private DaemonServer(
            InstanceLock instanceLock,
            EventLoopGroup group,
            Channel serverChannel,
            Path socket,
            boolean activated,
            ChannelGroup clients) {
        this.clients = clients;
        this.instanceLock = instanceLock;
        this.group = group;
        this.serverChannel = serverChannel;
        this.socket = socket;
        this.activated = activated;
    }

    /** Binds the socket, or serves on the one systemd passed in, and starts serving; see the four-argument form. */
    public static DaemonServer start(ServerSettings settings, Coordinator coordinator, SessionObserver observer) {
        return start(settings, coordinator, observer, SocketActivation.fromEnvironment());
    }

    /**
     * Binds the socket, or with {@code listenFd} serves on that inherited listening socket (systemd socket
     * activation: systemd owns the path, so it is neither replaced nor removed); the coordinator's states go to every
     * agent that connects. The instance lock is taken either way, so a second daemon cannot unlink the socket.
     */
    public static DaemonServer start(
            ServerSettings settings, Coordinator coordinator, SessionObserver observer, OptionalInt listenFd) {
        if (!Epoll.isAvailable()) {
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: the epoll transport is not available ("
                            + Epoll.unavailabilityCause()
                            + "). Action: run the daemon on Linux x86_64, and make the temporary"
                            + " folder executable or set -Dio.netty.native.workdir to a folder that is.");
        }
        Path socket = settings.socket().toAbsolutePath();
        prepareFolder(socket.getParent());
        InstanceLock lock = InstanceLock.acquire(socket);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, EpollIoHandler.newFactory());
        ChannelGroup clients = new DefaultChannelGroup("schemagate-clients", GlobalEventExecutor.INSTANCE);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    // A client that does not read must not make the daemon buffer without bound: past the high mark
                    // its channel is unwritable, and the session skips STATE lines and stops answering PINGs.
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new DaemonServerInitializer(coordinator, observer, settings, clients));
            if (listenFd.isPresent()) {
                ServerChannel inherited = SocketActivation.channel(listenFd.getAsInt(), socket);
                Channel channel = bootstrap
                        .channelFactory((ChannelFactory<ServerChannel>) () -> inherited)
                        .register()
                        .sync()
                        .channel();
                LOG.info(() -> "serving on the socket systemd passed in (fd " + listenFd.getAsInt() + ")");
                return new DaemonServer(lock, group, channel, socket, true, clients);
            }
            removeStaleSocket(socket);
            Channel channel = bootstrap
                    .channel(EpollServerDomainSocketChannel.class)
                    .bind(new DomainSocketAddress(socket.toString()))
                    .sync()
                    .channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            LOG.info(() -> "listening on " + socket + " (mode 0660"
                    + (settings.allow().isOpen() ? ")" : "; " + settings.allow() + ")"));
            return new DaemonServer(lock, group, channel, socket, false, clients);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            lock.close();
            if (e instanceof SchemagateException se) {
                throw se;
            }
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: cannot listen on " + socket + ": " + e
                            + ". Action: check that the folder is writable by this user.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            lock.close();
            throw new SchemagateException(ExitCodes.SOFTWARE, "schemagate: interrupted while binding " + socket);
        }
    }

    private static void prepareFolder(Path folder) {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(
                        folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
            }
        } catch (IOException e) {
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: cannot create the socket folder " + folder + ": " + e
                            + ". Action: create it (systemd: RuntimeDirectory=schemagate) or pick another --socket.",
                    e);
        }
    }

    /** Only called with the instance lock held: whatever socket is at the path belongs to a dead daemon. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object mode = Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean isSocket = (((Integer) mode) & 0170000) == 0140000;
        if (!isSocket) {
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: " + socket + " exists and is not a socket;"
                            + " refusing to replace it. Action: pick another --socket, or remove that file if it is not needed.");
        }
        LOG.info(() -> "replacing stale socket " + socket + " left by a daemon that is no longer running");
        Files.delete(socket);
    }

    /** The socket path. */
    public Path socket() {
        return socket;
    }

    /**
     * Stops accepting, closes every client, removes the socket file (unless systemd owns it: it keeps listening and
     * starts the next daemon when an agent connects) and releases the instance lock.
     */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // Every client still connected is told why the connection ends (agents retry until a daemon answers).
        for (Channel client : clients) {
            Sessions.reject(
                    client,
                    ErrorCodes.SHUTTING_DOWN,
                    "the daemon is stopping; reconnect and retry: a restarted daemon will answer");
        }
        clients.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (activated) {
            instanceLock.close();
            return;
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warning(() -> "could not remove " + socket + ": " + e);
        }
        instanceLock.close();
    }
}
