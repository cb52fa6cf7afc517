package dev.schemagate.daemon.it;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.ReadHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COMMIT kept busy by a reader (rollback-journal mode, the real sqlite3 shell in an open read transaction) is a
 * temporary condition for the daemon: it waits within the lock deadline and commits once the reader is gone, or
 * answers FAILED LOCK_TIMEOUT (agents exit 75), never MIGRATION_FAILED.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CommitBusyIT {
    static final Duration WAIT = RealDaemon.WAIT;

    @TempDir
    Path dir;

    SchemagateProcess daemon;

    @BeforeEach
    void files() {
        Sqlite.exec(RealDaemon.db(dir), "PRAGMA user_version = 1");
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.destroy();
        }
    }

    @Test
    void aCommitKeptBusyByAReaderWaitsAndCommitsOnceTheReaderIsGone() throws Exception {
        try (ReadHoldingShell reader = ReadHoldingShell.hold(RealDaemon.db(dir), "sqlite_schema")) {
            // A busy timeout far shorter than the reader's hold: the old code gave up on COMMIT after it.
            daemon = RealDaemon.start(
                    dir,
                    "--log-level",
                    "debug",
                    "--lock-busy-timeout",
                    "100ms",
                    "--lock-retries",
                    "1000",
                    "--lock-backoff",
                    "50ms",
                    "--lock-deadline",
                    "60s");
            try (RawClient client = RawClient.connect(RealDaemon.socket(dir))) {
                client.send("HELLO v=1 app=reader-test\n");
                await().atMost(WAIT)
                        .until(() -> daemon.stderr().contains("COMMIT is busy")
                                || daemon.stderr().contains("agents are released"));
                assertThat(daemon.stderr())
                        .contains("COMMIT is busy: waiting for readers")
                        .doesNotContain("agents are released");
                reader.release();
                assertThat(client.readUntilVerdict(WAIT))
                        .as(daemon::stderr)
                        .last()
                        .isEqualTo("READY version=1 applied=1");
            }
        }
        assertThat(Sqlite.history(RealDaemon.db(dir))).containsExactly("1");
    }

    @Test
    void aReaderHeldPastTheDeadlineIsALockTimeoutAndTheAgentExits75() throws Exception {
        try (ReadHoldingShell reader = ReadHoldingShell.hold(RealDaemon.db(dir), "sqlite_schema")) {
            daemon = RealDaemon.start(
                    dir,
                    "--lock-busy-timeout",
                    "100ms",
                    "--lock-retries",
                    "1000",
                    "--lock-backoff",
                    "50ms",
                    "--lock-deadline",
                    "3s");
            SchemagateProcess.Result worker = RealDaemon.worker(dir, "w").await(WAIT);
            assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(75);
            assertThat(worker.stderr())
                    .contains("LOCK_TIMEOUT")
                    .contains("COMMIT")
                    .contains("stayed busy");
            assertThat(daemon.process().isAlive()).isTrue();
            reader.release();
        }
        // Rolled back: the batch left nothing, not even the history table.
        assertThat(Sqlite.rows(RealDaemon.db(dir), "SELECT name FROM sqlite_schema"))
                .isEmpty();
    }
}
