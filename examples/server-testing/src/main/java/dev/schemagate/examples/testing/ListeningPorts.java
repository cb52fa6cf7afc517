package dev.schemagate.examples.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The TCP ports a process tree listens on, read from {@code /proc}: servers here bind port 0 (an ephemeral port
 * chosen by the kernel, so parallel builds never collide) and this is how a test learns which one they got.
 */
public final class ListeningPorts {
    private static final String LISTEN = "0A";

    private ListeningPorts() {}

    /** Listening ports of {@code server} and its descendants; empty while none is bound. */
    public static Set<Integer> of(Launched server) {
        Set<Integer> ports = new TreeSet<>();
        server.tree().filter(ProcessHandle::isAlive).forEach(p -> ports.addAll(of(p.pid())));
        return ports;
    }

    /** Waits until {@code server} listens and returns its ports; fails with its log if it exits or never does. */
    public static Set<Integer> await(Launched server, Duration deadline) {
        try {
            return Awaitility.await()
                    .atMost(deadline)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the server exited", () -> !server.isAlive())
                    .until(() -> of(server), ports -> !ports.isEmpty());
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(
                    "no listening port within " + deadline + " (" + e.getMessage() + "):\n" + server.describe(), e);
        }
    }

    /** Listening ports of one process: its socket inodes matched against the kernel's TCP tables. */
    static Set<Integer> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        Set<Integer> ports = new TreeSet<>();
        if (inodes.isEmpty()) {
            return ports;
        }
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                continue; // the process ended, or no IPv6 in this kernel
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
                    String local = f[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // The descriptor was closed while we listed them.
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
        return inodes;
    }
}
