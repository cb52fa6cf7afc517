package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.protocol.StateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ready file never says READY when the daemon would not: a real daemon process, reloads with the write lock
 * held from outside (so the reload is certainly in progress), and SIGKILLs while LOCKING and while READY.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StateFileIT {
    static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    Path socket;
    Path stateFile;
    Path migrations;
    Path db;
    final List<SchemagateProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        socket = dir.resolve("run").resolve("sg.sock");
        stateFile = StateFile.pathFor(socket);
        migrations = dir.resolve("migrations");
        db = dir.resolve("app.db");
        Sqlite.write(migrations, "V1__a.sql", "CREATE TABLE a(x);");
    }

    @AfterEach
    void stopAll() {
        started.forEach(SchemagateProcess::destroy);
    }

    SchemagateProcess start(String... args) {
        SchemagateProcess p = SchemagateProcess.start(dir, args);
        started.add(p);
        return p;
    }

    SchemagateProcess daemon() {
        return start(
                "daemon",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString(),
                "--socket",
                socket.toString(),
                "--metrics",
                "off");
    }

    SchemagateProcess.Result waitFor(String timeout) {
        return start("wait", "--socket", socket.toString(), "--timeout", timeout)
                .await(DEADLINE);
    }

    StateFile stateFileContent() throws Exception {
        return StateFile.parse(Files.readString(stateFile));
    }

    void awaitReadyFile(SchemagateProcess daemon, String version) {
        await().atMost(DEADLINE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(stateFileContent())
                        .isEqualTo(StateFile.ready(version, daemon.pid(), startTime(daemon))));
    }

    void awaitStateFile(SchemagateProcess daemon, String state) {
        await().atMost(DEADLINE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(stateFileContent())
                        .isEqualTo(new StateFile(state, null, daemon.pid(), startTime(daemon))));
    }

    static long startTime(SchemagateProcess p) {
        return StateFile.startTimeOf(p.pid());
    }

    /** A socket client that says HELLO and returns the first state line after WELCOME. */
    String firstStateOverTheSocket() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("HELLO v=1 app=probe\n");
            assertThat(c.readLine(DEADLINE)).startsWith("WELCOME ");
            return c.readLine(DEADLINE);
        }
    }

    void signal(SchemagateProcess p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void readyDaemonPublishesItsVerdictWithItsPidAndStartTimeWithMode0640() throws Exception {
        SchemagateProcess daemon = daemon();
        awaitReadyFile(daemon, "1");
        assertThat(Files.getPosixFilePermissions(stateFile))
                .containsExactlyInAnyOrderElementsOf(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        SchemagateProcess.Result r = waitFor("10s");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("schemagate: schema ready at version 1");

        signal(daemon, "TERM");
        daemon.await(DEADLINE);
        assertThat(stateFile).as("a stopped daemon leaves no state file").doesNotExist();
    }

    @Test
    void aReloadRemovesTheFileBeforeItsRunSoAWorkerStartingDuringItWaitsForItsOutcome() throws Exception {
        SchemagateProcess daemon = daemon();
        awaitReadyFile(daemon, "1");
        try (LockHoldingShell lock = LockHoldingShell.hold(db)) {
            Sqlite.write(migrations, "V2__b.sql", "CREATE TABLE b(x);");
            signal(daemon, "HUP");
            awaitStateFile(daemon, "LOCKING");
            // The lock is held, so the reload cannot have finished: a worker starting now must not be released,
            // neither while it watches the file (2 s) nor after, over the socket.
            SchemagateProcess worker = start("wait", "--socket", socket.toString(), "--timeout", "60s");
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(8))
                    .until(() ->
                            worker.process().isAlive() && !stateFileContent().isReady());
            lock.release();
            SchemagateProcess.Result r = worker.await(DEADLINE);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).startsWith("schemagate: schema ready at version 2");
        }
        awaitReadyFile(daemon, "2");
    }

    @Test
    void aDaemonKilledWhileLockingLeavesNoReadyVerdict() throws Exception {
        SchemagateProcess daemon = daemon();
        awaitReadyFile(daemon, "1");
        try (LockHoldingShell lock = LockHoldingShell.hold(db)) {
            Sqlite.write(migrations, "V2__b.sql", "CREATE TABLE b(x);");
            signal(daemon, "HUP");
            await().atMost(DEADLINE)
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(firstStateOverTheSocket()).startsWith("STATE state=LOCKING"));
            long start = startTime(daemon);
            daemon.process().destroyForcibly().waitFor();
            assertThat(stateFileContent()).isEqualTo(new StateFile("LOCKING", null, daemon.pid(), start));
            SchemagateProcess.Result r = waitFor("3s");
            assertThat(r.exitCode())
                    .as("no daemon, and a file that names a dead one: " + r)
                    .isEqualTo(69);
        }
    }

    @Test
    void aDaemonKilledWhileReadyIsNotBelievedAndItsSuccessorRemovesTheFile() throws Exception {
        SchemagateProcess first = daemon();
        awaitReadyFile(first, "1");
        first.process().destroyForcibly().waitFor();
        assertThat(stateFile).as("SIGKILL leaves the file behind").exists();
        assertThat(stateFileContent().isReady()).isTrue();
        SchemagateProcess.Result orphan = waitFor("3s");
        assertThat(orphan.exitCode())
                .as("the file names a dead daemon: " + orphan)
                .isEqualTo(69);

        try (LockHoldingShell lock = LockHoldingShell.hold(db)) {
            Sqlite.write(migrations, "V2__b.sql", "CREATE TABLE b(x);");
            SchemagateProcess successor = daemon();
            await().atMost(DEADLINE)
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(firstStateOverTheSocket()).startsWith("STATE state=LOCKING"));
            awaitStateFile(successor, "LOCKING"); // the predecessor's READY is gone
            SchemagateProcess worker = start("wait", "--socket", socket.toString(), "--timeout", "60s");
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(8))
                    .until(() -> worker.process().isAlive());
            lock.release();
            SchemagateProcess.Result r = worker.await(DEADLINE);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).startsWith("schemagate: schema ready at version 2");
            awaitReadyFile(successor, "2");
        }
    }
}
