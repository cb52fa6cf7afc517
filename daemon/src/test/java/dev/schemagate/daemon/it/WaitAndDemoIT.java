package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.examples.SampleMigrations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code schemagate wait} (the agent's client for non-JVM workers) and {@code schemagate demo}, as users run them. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WaitAndDemoIT {
    static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    final List<SchemagateProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(SchemagateProcess::destroy);
    }

    SchemagateProcess start(String... args) {
        SchemagateProcess p = SchemagateProcess.start(dir, args);
        started.add(p);
        return p;
    }

    @Test
    void waitReturnsZeroOnceTheDaemonIsReadyAndHonoursRequires() throws Exception {
        Path socket = dir.resolve("sg.sock");
        Path migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__a.sql", "CREATE TABLE a(x);");
        SchemagateProcess waiter = start("wait", "--socket", socket.toString(), "--timeout", "60s");
        start(
                "daemon",
                "--db",
                dir.resolve("app.db").toString(),
                "--migrations",
                migrations.toString(),
                "--socket",
                socket.toString(),
                "--metrics",
                "off");

        SchemagateProcess.Result r = waiter.await(DEADLINE);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("schemagate: schema ready at version 1 after ");

        SchemagateProcess ahead = start("wait", "--socket", socket.toString(), "--requires", "2", "--timeout", "2s");
        SchemagateProcess.Result timedOut = ahead.await(DEADLINE);
        assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(75);
        // The folder's newest and the applied version are both 1 here, so "newest" does not depend on which
        // of the two WAITING's available= carries.
        assertThat(timedOut.stderr())
                .isEqualTo("schemagate: schema not ready after 2s: daemon has no version 2 yet (newest: 1); waiting"
                        + " for that migration to be deployed and the daemon reloaded; action: check the daemon's log"
                        + " (journalctl -u schemagate) or raise timeout=" + System.lineSeparator());
    }

    @Test
    void waitWithoutADaemonExits69AndBadOptionsExit78() {
        SchemagateProcess.Result none = start(
                        "wait", "--socket", dir.resolve("nobody.sock").toString(), "--timeout", "1s")
                .await(DEADLINE);
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(69);
        assertThat(none.stderr()).contains("nobody.sock");

        SchemagateProcess.Result bad = start("wait", "--socket", "x.sock", "--timeout", "soon", "--requires", "latest")
                .await(DEADLINE);
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(78);
        assertThat(bad.stderr()).contains("--timeout 'soon'").contains("--requires 'latest'");
    }

    @Test
    void theDemoTellsTheWholeStoryAndExitsZero() {
        Path work = dir.resolve("demo");
        SchemagateProcess.Result r = start("demo", "--dir", work.toString()).await(DEADLINE);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("READY: committed; schema version " + SampleMigrations.FINAL_VERSION)
                .contains(
                        "Every worker started on the complete schema (version " + SampleMigrations.FINAL_VERSION + ")");
        for (int i = 1; i <= 4; i++) {
            assertThat(r.stdout())
                    .containsPattern("worker-" + i + " +\\d+ +0 +\\d+ ms +" + SampleMigrations.FINAL_VERSION);
        }
        assertThat(Sqlite.history(work.resolve("app.db"))).containsExactly("1", "2", "3", "4");
    }
}
