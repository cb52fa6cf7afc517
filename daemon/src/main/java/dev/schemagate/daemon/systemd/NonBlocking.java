package dev.schemagate.daemon.systemd;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Makes an inherited listening socket non-blocking before Netty's epoll loop uses it.
 *
 * <p>Why: Netty's epoll accept path is written for non-blocking sockets. A blocking listener parks an event loop in
 * accept() whenever readiness was reported but no connection is left (a client that gave up in between), and then
 * shutdown stalls too. (Measured: Netty 4.2.18 accepted a burst of 20 clients on a blocking fd without hanging, so
 * this guards the rare case, not the common one.) systemd passes fds blocking unless the service sets NonBlocking=yes
 * (systemd-socket-activate cannot set it). Netty has no public call for O_NONBLOCK, so this reads the flag from
 * /proc/self/fdinfo and, when it is missing, sets it through the JDK's own {@code sun.nio.ch.IOUtil}; the shaded jar's
 * manifest exports that package ({@code Add-Exports: java.base/sun.nio.ch}). O_NONBLOCK belongs to the open file
 * description, so setting it here is exactly what NonBlocking=yes does.
 */
final class NonBlocking {
    static final int O_NONBLOCK = 04000;
    private static final Logger LOG = Logger.getLogger(NonBlocking.class.getName());

    private NonBlocking() {}

    /** Whether {@code fd} of this process has O_NONBLOCK set. */
    static boolean isNonBlocking(int fd) throws IOException {
        return (flags(Files.readString(Path.of("/proc/self/fdinfo/" + fd))) & O_NONBLOCK) != 0;
    }

    /** The octal {@code flags:} value of a /proc/PID/fdinfo/FD text. */
    static int flags(String fdinfo) {
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring("flags:".length()).trim(), 8);
            }
        }
        throw new IllegalArgumentException("no flags: line in fdinfo: " + fdinfo);
    }

    /** Sets O_NONBLOCK on {@code fd} unless it is set, or throws exit 78 saying how to fix the unit. */
    static void ensure(int fd) {
        try {
            if (isNonBlocking(fd)) {
                return;
            }
            Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
            FileDescriptor descriptor =
                    (FileDescriptor) ioUtil.getMethod("newFD", int.class).invoke(null, fd);
            Method configureBlocking = ioUtil.getMethod("configureBlocking", FileDescriptor.class, boolean.class);
            configureBlocking.invoke(null, descriptor, false);
            if (!isNonBlocking(fd)) {
                throw new IOException("O_NONBLOCK is still not set");
            }
            LOG.info(() -> "the socket-activated fd " + fd + " was blocking; switched it to non-blocking"
                    + " (NonBlocking=yes in the unit does this too)");
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: the socket-activated fd " + fd + " is in"
                            + " blocking mode and could not be switched (" + cause
                            + "). Action: add NonBlocking=yes to the"
                            + " [Service] section, or run the jar with java -jar (its manifest allows the switch).",
                    e);
        }
    }
}
