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
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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

    /**
     * A reload that changed nothing is recalled from the last clean no-op (the log says so); every kind of change
     * after it (an edit, a new file, a history row changed by another tool) still goes through the engine and gives
     * the verdict it always gave.
     */
    @Test
    void aReloadThatChangedNothingIsRecalledAndEveryChangeStillRunsTheEngine() throws Exception {
        Path db = dir.resolve("app.db");
        Path folder = dir.resolve("migrations");
        write(folder, "V1__a.sql", "CREATE TABLE a(x);\n");
        write(folder, "V2__b.sql", "CREATE TABLE b(x);\n");
        Outcomes outcomes = new Outcomes();
        List<String> recalls = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(Coordinator.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage().contains("as the last no-op found them")) {
                    recalls.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level level = log.getLevel();
        log.setLevel(Level.FINE);
        log.addHandler(handler);
        try (Coordinator coordinator =
                new Coordinator(new MigrateSettings(db, folder, LockSettings.DEFAULTS, false), outcomes)) {
            runAndAwait(coordinator, outcomes, 1); // applies V1 and V2
            runAndAwait(coordinator, outcomes, 2); // the full no-op, remembered
            assertThat(recalls).isEmpty();
            runAndAwait(coordinator, outcomes, 3);
            assertThat(recalls).hasSize(1);
            assertThat(coordinator.state().message().toString()).isEqualTo("READY version=2 applied=0");
            assertThat(coordinator.state().available()).hasToString("2");

            write(folder, "V3__c.sql", "CREATE TABLE c(x);\n");
            runAndAwait(coordinator, outcomes, 4);
            assertThat(coordinator.state().message().toString()).isEqualTo("READY version=3 applied=1");

            runAndAwait(coordinator, outcomes, 5); // full no-op at 3, remembered
            runAndAwait(coordinator, outcomes, 6);
            assertThat(recalls).hasSize(2);
            Sqlite.exec(db, "UPDATE schemagate_history SET checksum = 'edited elsewhere' WHERE version = '1'");
            runAndAwait(coordinator, outcomes, 7);
            assertThat(outcomes.runs.get(6)).isEqualTo("FAILED BAD_MIGRATION_FILES");
            assertThat(recalls).hasSize(2);
        } finally {
            log.removeHandler(handler);
            log.setLevel(level);
        }
        assertThat(outcomes.runs)
                .containsExactly(
                        "READY 2", "READY 2", "READY 2", "READY 3", "READY 3", "READY 3", "FAILED BAD_MIGRATION_FILES");
    }

    @Test
    void anEditAfterARecalledReloadIsStillSeen() throws Exception {
        Path db = dir.resolve("app.db");
        Path folder = dir.resolve("migrations");
        write(folder, "V1__a.sql", "CREATE TABLE a(x);\n");
        Outcomes outcomes = new Outcomes();
        try (Coordinator coordinator =
                new Coordinator(new MigrateSettings(db, folder, LockSettings.DEFAULTS, false), outcomes)) {
            runAndAwait(coordinator, outcomes, 1);
            runAndAwait(coordinator, outcomes, 2);
            runAndAwait(coordinator, outcomes, 3);
            write(folder, "V1__a.sql", "CREATE TABLE z(x);\n"); // same size
            runAndAwait(coordinator, outcomes, 4);
        }
        assertThat(outcomes.runs).containsExactly("READY 1", "READY 1", "READY 1", "FAILED BAD_MIGRATION_FILES");
    }

    private static void runAndAwait(Coordinator coordinator, Outcomes outcomes, int runs) {
        coordinator.runMigrations();
        await().atMost(WAIT).until(() -> outcomes.runs.size() == runs);
        await().atMost(WAIT)
                .until(() -> coordinator.state().phase() == Phase.READY
                        || coordinator.state().phase() == Phase.FAILED);
    }
}
