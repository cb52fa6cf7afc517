package dev.schemagate.daemon.systemd;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * Finds the listening socket systemd passed in (socket activation): fd 3 when {@code LISTEN_PID} is this process
 * and {@code LISTEN_FDS} is at least 1.
 *
 * <p>LISTEN_PID guards against a child inheriting the variables from a parent that was activated.
 */
public final class SocketActivation {
    /** sd_listen_fds(3): passed descriptors start right after stdin, stdout and stderr. */
    public static final int FIRST_FD = 3;

    private static final Logger LOG = Logger.getLogger(SocketActivation.class.getName());

    private SocketActivation() {}

    /** The inherited listening fd of this process, or empty when it was not socket-activated. */
    public static OptionalInt fromEnvironment() {
        return listenFd(System.getenv(), ProcessHandle.current().pid());
    }

    /** The inherited listening fd for process {@code pid} given {@code env}, or empty. */
    public static OptionalInt listenFd(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String listenFds = env.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null || !listenPid.trim().equals(Long.toString(pid))) {
            return OptionalInt.empty();
        }
        int count;
        try {
            count = Integer.parseInt(listenFds.trim());
        } catch (NumberFormatException e) {
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: LISTEN_FDS='" + listenFds + "' is not a"
                            + " number. Action: check the unit's socket activation settings.");
        }
        if (count < 1) {
            return OptionalInt.empty();
        }
        if (count > 1) {
            LOG.warning(() -> "socket activation passed " + count + " sockets; serving on the first (fd " + FIRST_FD
                    + ") only. Action: give schemagate.socket a single ListenStream=.");
        }
        return OptionalInt.of(FIRST_FD);
    }

    /**
     * Wraps inherited {@code fd} as a Netty server channel to register (not bind): checks that it is a listening
     * Unix stream socket, makes it non-blocking, and warns when systemd bound another path than {@code expected}.
     */
    public static ServerChannel channel(int fd, Path expected) {
        String bound = UnixSockets.listeningPath(fd);
        if (!bound.equals(expected.toString())) {
            LOG.warning(() -> "socket activation: systemd listens on " + bound + " but --socket is " + expected
                    + "; agents must use " + bound + ". Action: make --socket equal the socket unit's ListenStream=.");
        }
        NonBlocking.ensure(fd);
        // active=true: the socket is already bound and listening, so registering it starts accepting.
        return new EpollServerDomainSocketChannel(fd, true);
    }
}
