package dev.schemagate.daemon.server;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.metrics.DaemonMetrics;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.daemon.testing.RawClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drifted applied file in front of the daemon: the log gets the diff (capped for a rewritten file); the FAILED line
 * (size-limited) and {@code /status} (unauthenticated) get no migration text, only where to see the diff.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DriftDaemonTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void theLogShowsTheCappedDiffAndTheFailedLineSaysWhereToSeeIt() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        Path socket = dir.resolve("run").resolve("sg.sock");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            big.append("INSERT INTO t VALUES (")
                    .append(i)
                    .append(", 'secret-")
                    .append(i)
                    .append("');\n");
        }
        write(migrations, "V1__t.sql", "CREATE TABLE t (id INTEGER, v TEXT);\n" + big);
        MigrateSettings settings = new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false);
        new Migrator(settings, dev.schemagate.daemon.migrate.MigrationListener.NONE).migrate();
        write(
                migrations,
                "V1__t.sql",
                "CREATE TABLE t (id INTEGER, v TEXT);\n" + big.toString().replace("'", "\""));

        List<String> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(Coordinator.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        try (DaemonMetrics metrics = new DaemonMetrics();
                Daemon daemon = Daemon.start(
                        settings,
                        new ServerSettings(
                                socket, ServerSettings.DEFAULT_MAX_CONNECTIONS, ServerSettings.DEFAULT_HELLO_TIMEOUT),
                        metrics,
                        metrics)) {
            await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.FAILED);
            String failed;
            try (RawClient client = RawClient.connect(socket)) {
                client.send("HELLO v=1\n");
                client.readLine(WAIT);
                failed = client.readLine(WAIT);
            }
            assertThat(failed)
                    .startsWith("FAILED code=BAD_MIGRATION_FILES message=\"the migration folder does not match the"
                            + " database's history (1 problem; the diff of each changed file is in the daemon's log"
                            + " and in 'schemagate validate'):")
                    .doesNotContain("secret")
                    .contains("action=\"fix the files listed above; nothing was applied.\"");
            assertThat(failed.getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
            String status =
                    metrics.status(daemon.coordinator().state()).lastError().message();
            assertThat(status).contains("is in the daemon's log").doesNotContain("secret");

            String diff = logged.stream()
                    .filter(m -> m.contains("--- applied V1__t.sql"))
                    .findFirst()
                    .orElseThrow();
            assertThat(diff)
                    .contains("+++ now V1__t.sql\n@@ -1,401 +1,401 @@\n CREATE TABLE t (id INTEGER, v TEXT);\n")
                    .contains("-INSERT INTO t VALUES (0, 'secret-0');\n")
                    .contains("\n... 604 more lines of the diff of V1__t.sql: run 'schemagate validate' to see all of"
                            + " it\nAction: ");
        } finally {
            log.removeHandler(capture);
        }
    }
}
