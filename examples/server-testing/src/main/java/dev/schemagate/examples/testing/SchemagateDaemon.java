package dev.schemagate.examples.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real daemon ({@code java -jar schemagate.jar daemon}) on a test's database, migrations and socket. */
public final class SchemagateDaemon {
    private SchemagateDaemon() {}

    /**
     * Starts the daemon; its lock settings retry every 50 ms for up to 5 minutes, so a lock held from outside keeps
     * it LOCKING for as long as the test needs.
     */
    public static Launched start(Path db, Path migrations, Path socket, Path log) {
        List<String> command = List.of(
                BuiltJars.java(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                BuiltJars.daemon().toString(),
                "daemon",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString(),
                "--socket",
                socket.toString(),
                "--metrics",
                "off",
                "--lock-busy-timeout",
                "200ms",
                "--lock-retries",
                "1000",
                "--lock-backoff",
                "50ms",
                "--lock-deadline",
                "5m");
        return Launched.start(command, Map.of(), log.getParent(), log);
    }

    /**
     * Starts one schemagate command that ends by itself ({@code import}, {@code status}, ...) with the daemon jar, as
     * an operator runs it: {@code java -jar schemagate.jar ARGS}; its output goes to {@code log}.
     */
    public static Launched command(Path log, String... args) {
        List<String> command = new ArrayList<>(
                List.of(BuiltJars.java(), "-jar", BuiltJars.daemon().toString()));
        command.addAll(List.of(args));
        return Launched.start(command, Map.of(), log.getParent(), log);
    }

    /** What the daemon writes into {@code applied_by}: {@code host:pid}. */
    public static String appliedBy(Launched daemon) throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim() + ":" + daemon.pid();
    }

    /** Waits until the daemon serves its socket. */
    public static void awaitListening(Launched daemon, Path socket) {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the daemon exited", () -> !daemon.isAlive())
                .until(() -> daemon.log().contains("listening on " + socket));
    }
}
