package dev.schemagate.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** BEGIN IMMEDIATE against a real external writer: backoff, log levels, deadline and the holder's pid. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteLockAcquirerTest {
    @TempDir
    Path dir;

    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger = Logger.getLogger(WriteLockAcquirer.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLogs() {
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
        logger.setLevel(null);
    }

    Path db() {
        Path db = dir.resolve("app.db");
        Sqlite.exec(db, "CREATE TABLE IF NOT EXISTS t(x)");
        return db;
    }

    @Test
    void takesTheLockAtOnceWhenNobodyHoldsIt() throws Exception {
        try (WriteLock lock = new WriteLockAcquirer(LockSettings.DEFAULTS, LockListener.NONE).acquire(db())) {
            assertThat(lock.attempts()).isEqualTo(1);
            lock.connection().createStatement().execute("INSERT INTO t VALUES (1)");
            lock.commit();
        }
        assertThat(Sqlite.rows(db(), "SELECT x FROM t")).containsExactly("1");
    }

    @Test
    void retriesWithDoublingBackoffAndRisingLogLevelsThenNamesTheHolder() throws Exception {
        Path db = db();
        LockSettings settings =
                new LockSettings(Duration.ofMillis(20), 9, Duration.ofMillis(10), Duration.ofSeconds(40));
        List<Long> busyAt = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (LockHoldingShell holder = LockHoldingShell.hold(db)) {
            WriteLockAcquirer acquirer = new WriteLockAcquirer(
                    settings, (attempt, waited) -> busyAt.add(System.nanoTime() - start), new Random(42));

            assertThatThrownBy(() -> acquirer.acquire(db))
                    .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(75);
                        assertThat(e.attempts()).isEqualTo(10);
                    })
                    .hasMessageContaining("Failed to acquire migration lock on " + db + " after 10 attempts over ")
                    .hasMessageContaining("all 9 retries were used")
                    .hasMessageContaining("held by pid " + holder.pid() + " (" + Sqlite3.path() + " " + db)
                    .hasMessageContaining("Possible causes: 1. Another process is stuck")
                    .hasMessageContaining("Action: ");
        }

        List<LogRecord> retries = records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains("is locked by another writer"))
                .toList();
        assertThat(retries)
                .extracting(LogRecord::getLevel)
                .containsExactly(
                        Level.FINE,
                        Level.FINE,
                        Level.FINE,
                        Level.INFO,
                        Level.INFO,
                        Level.INFO,
                        Level.INFO,
                        Level.WARNING,
                        Level.WARNING);
        assertThat(retries.get(0).getMessage()).contains("retry 1 in");
        // Between busy attempt n and n+1 lie the backoff (at least 0.75 of 10ms * 2^(n-1)) and a 20ms busy wait.
        assertThat(busyAt).hasSize(10);
        Backoff nominal = new Backoff(settings.baseBackoff(), new Random());
        for (int retry = 1; retry < busyAt.size(); retry++) {
            long gapMs = (busyAt.get(retry) - busyAt.get(retry - 1)) / 1_000_000;
            long minimum = nominal.nominal(retry).toMillis() * 3 / 4 + 20;
            assertThat(gapMs).as("gap before attempt %d", retry + 1).isGreaterThanOrEqualTo(minimum - 1);
        }
    }

    @Test
    void theDeadlineIsStrictAndBoundsTheBusyWait() throws Exception {
        Path db = db();
        // A 30 s busy wait per attempt would overrun a 1.5 s deadline by far if the deadline did not bound it.
        LockSettings settings =
                new LockSettings(Duration.ofSeconds(30), 10, Duration.ofMillis(100), Duration.ofMillis(1500));
        try (LockHoldingShell holder = LockHoldingShell.hold(db)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new WriteLockAcquirer(settings, LockListener.NONE).acquire(db))
                    .isInstanceOfSatisfying(
                            LockTimeoutException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(75))
                    .hasMessageContaining("the 1500ms deadline passed")
                    .hasMessageContaining("pid " + holder.pid());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // Never before the deadline; the upper bound only has to tell "bounded by the deadline" from "one 30 s
            // busy wait", so it leaves room for a loaded machine (250 ms failed at load 16) instead of timing speed.
            assertThat(elapsedMs).isBetween(1500L, 1500L + 8_000L);
        }
    }

    @Test
    void succeedsOnARetryOnceTheHolderLetsGo() throws Exception {
        Path db = db();
        List<Integer> busy = Collections.synchronizedList(new ArrayList<>());
        LockSettings settings =
                new LockSettings(Duration.ofMillis(50), 100, Duration.ofMillis(20), Duration.ofSeconds(20));
        try (LockHoldingShell holder = LockHoldingShell.hold(db)) {
            WriteLockAcquirer acquirer = new WriteLockAcquirer(settings, (attempt, waited) -> {
                busy.add(attempt);
                if (attempt == 2) {
                    try {
                        holder.release();
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            try (WriteLock lock = acquirer.acquire(db)) {
                assertThat(lock.attempts()).isGreaterThanOrEqualTo(3);
                assertThat(busy).startsWith(1, 2);
            }
        }
    }

    @Test
    void anUnopenableDatabaseFailsAtOnceWithoutRetrying() {
        Path db = dir.resolve("no-such-folder").resolve("app.db");
        assertThatThrownBy(() -> new WriteLockAcquirer(LockSettings.DEFAULTS, LockListener.NONE).acquire(db))
                .hasMessageContaining("cannot open database " + db)
                .hasMessageContaining("Action:");
        assertThat(records).isEmpty();
    }
}
