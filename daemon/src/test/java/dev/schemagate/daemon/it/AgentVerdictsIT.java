package dev.schemagate.daemon.it;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.examples.Worker;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real daemon's FAILED verdicts reach a real worker JVM as the exit codes README promises. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentVerdictsIT {
    @TempDir
    Path dir;

    SchemagateProcess daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.destroy();
        }
    }

    @Test
    void aLockHeldPastTheDaemonsDeadlineMakesTheWorkerExit75NamingTheHolder() throws Exception {
        Sqlite.exec(RealDaemon.db(dir), "PRAGMA user_version = 1");
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        try (LockHoldingShell holder = LockHoldingShell.hold(RealDaemon.db(dir))) {
            daemon = RealDaemon.start(dir, "--lock-busy-timeout", "100ms", "--lock-deadline", "2s");
            SchemagateProcess.Result worker = RealDaemon.worker(dir, "w").await(RealDaemon.WAIT);
            assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(75);
            assertThat(worker.stdout()).doesNotContain(Worker.MARKER);
            assertThat(worker.stderr()).contains("LOCK_TIMEOUT").contains("pid " + holder.pid() + " (");
        }
        assertThat(daemon.process().isAlive()).isTrue();
    }

    @Test
    void badMigrationFilesMakeTheWorkerExit65NamingTheProblem() {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V1__again.sql", "CREATE TABLE b(x);");
        daemon = RealDaemon.start(dir);
        SchemagateProcess.Result worker = RealDaemon.worker(dir, "w").await(RealDaemon.WAIT);
        assertThat(worker.exitCode()).as(worker.toString()).isEqualTo(65);
        assertThat(worker.stdout()).doesNotContain(Worker.MARKER);
        assertThat(worker.stderr())
                .contains("BAD_MIGRATION_FILES")
                .contains("V1__a.sql")
                .contains("V1__again.sql");
        assertThat(daemon.process().isAlive()).isTrue();
    }
}
