package dev.schemagate.daemon.server;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reload requests against a real coordinator and SQLite file, with the sqlite3 shell keeping a run in LOCKING. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinatorReloadTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Records each run's outcome as "READY 2" or "FAILED CODE". */
    static final class Outcomes implements RunObserver {
        final List<String> runs = new CopyOnWriteArrayList<>();
        volatile int busy;

        @Override
        public void lockBusy(int attempt, Duration waited) {
            busy++;
        }

        @Override
        public void finished(MigrationResult result) {
            runs.add("READY " + result.version());
        }

        @Override
        public void failed(String code, Throwable failure) {
            runs.add("FAILED " + code);
        }
    }

    @Test
    void reloadsAskedForDuringARunCoalesceIntoOneMoreRun() throws Exception {
        Path db = dir.resolve("app.db");
        Sqlite.exec(db, "PRAGMA user_version = 1");
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        Outcomes outcomes = new Outcomes();
        try (LockHoldingShell holder = LockHoldingShell.hold(db);
                Coordinator coordinator = new Coordinator(
                        new MigrateSettings(
                                db,
                                dir.resolve("migrations"),
                                new LockSettings(
                                        Duration.ofMillis(50), 1000, Duration.ofMillis(20), Duration.ofSeconds(30)),
                                false),
                        outcomes)) {
            coordinator.runMigrations();
            await().atMost(WAIT).until(() -> outcomes.busy > 0); // the first run is in LOCKING, and stays there
            write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
            for (int i = 0; i < 5; i++) {
                coordinator.runMigrations();
            }
            assertThat(outcomes.runs).isEmpty();
            holder.release();
            await().atMost(WAIT).until(() -> coordinator.state().phase() == Phase.READY);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> outcomes.runs.size() == 2);
            assertThat(outcomes.runs).containsExactly("READY 1", "READY 2");
            assertThat(coordinator.state().message().toString()).isEqualTo("READY version=2 applied=1");
        }
    }
}
