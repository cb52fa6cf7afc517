package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.examples.SampleMigrations;
import dev.schemagate.examples.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real daemon process and real worker JVMs carrying the real agent, on a real socket and SQLite file. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CoordinatedStartIT {
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final String FINAL = "version=4 accounts=20000 orders=100000";

    @TempDir
    Path dir;

    final List<SchemagateProcess> started = new ArrayList<>();

    Path db() {
        return dir.resolve("app.db");
    }

    Path migrations() {
        return dir.resolve("migrations");
    }

    Path socket() {
        return dir.resolve("run").resolve("sg.sock");
    }

    @BeforeEach
    void samples() throws IOException {
        SampleMigrations.copyTo(migrations());
    }

    @AfterEach
    void stopAll() {
        started.forEach(SchemagateProcess::destroy);
    }

    SchemagateProcess daemon(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "daemon",
                "--db",
                db().toString(),
                "--migrations",
                migrations().toString(),
                "--socket",
                socket().toString(),
                "--metrics",
                "off",
                "--lock-busy-timeout",
                "200ms",
                "--lock-retries",
                "1000",
                "--lock-backoff",
                "50ms",
                "--lock-deadline",
                "5m"));
        args.addAll(List.of(extra));
        SchemagateProcess p = SchemagateProcess.start(dir, args.toArray(String[]::new));
        started.add(p);
        return p;
    }

    SchemagateProcess worker(String name, String extraAgentOptions) {
        SchemagateProcess p = SchemagateProcess.java(
                dir,
                List.of(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-javaagent:" + SchemagateProcess.agentJar() + "=socket=" + socket() + ",timeout=60s,app="
                                + name + extraAgentOptions,
                        "-cp",
                        SchemagateProcess.jar().toString(),
                        Worker.class.getName(),
                        db().toString()));
        started.add(p);
        return p;
    }

    static List<String> agentLines(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("schemagate-agent:")).toList();
    }

    void awaitListening(SchemagateProcess daemon) {
        await().atMost(DEADLINE).until(() -> daemon.stderr().contains("listening on " + socket()));
    }

    void hangUp(SchemagateProcess daemon) throws Exception {
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid()))
                        .start()
                        .waitFor())
                .isZero();
    }

    @Test
    void workersStartedInRandomOrderAroundTheDaemonAllSeeTheFinalSchema() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> order = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            order.add("worker-" + i);
        }
        order.add("daemon");
        Collections.shuffle(order, random);
        if (order.get(0).equals("daemon")) {
            Collections.swap(order, 0, 1 + random.nextInt(8)); // at least one worker starts before the daemon
        }
        List<SchemagateProcess> workers = new ArrayList<>();
        SchemagateProcess daemon = null;
        for (String who : order) {
            if (who.equals("daemon")) {
                daemon = daemon();
            } else {
                workers.add(worker(who, ""));
            }
        }
        for (SchemagateProcess w : workers) {
            SchemagateProcess.Result r = w.await(DEADLINE);
            assertThat(r.exitCode())
                    .as("order %s (seed %d): %s", order, seed, r)
                    .isZero();
            assertThat(r.stdout()).as("order %s", order).contains(Worker.MARKER).contains(FINAL);
        }
        assertThat(Sqlite.rows(db(), "SELECT version, applied_by FROM schemagate_history ORDER BY rowid"))
                .containsExactly(
                        "1|" + host() + ":" + daemon.pid(),
                        "2|" + host() + ":" + daemon.pid(),
                        "3|" + host() + ":" + daemon.pid(),
                        "4|" + host() + ":" + daemon.pid());
    }

    @Test
    void aBrokenMigrationStopsEveryWorkerWithTheReasonAndAReloadAfterTheFixLetsNewOnesStart() throws Exception {
        Sqlite.write(migrations(), "V5__broken.sql", "CREATE TABLE audit(x);\n\nINSERT INTO nope VALUES (1);\n");
        SchemagateProcess daemon = daemon();
        List<SchemagateProcess> workers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            workers.add(worker("worker-" + i, ""));
        }
        for (SchemagateProcess w : workers) {
            SchemagateProcess.Result r = w.await(DEADLINE);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(70);
            assertThat(r.stdout()).doesNotContain(Worker.MARKER);
            // Progress lines ("waiting 5s for schema") may come first on a slow machine; the verdict is one line.
            assertThat(agentLines(r.stderr()).stream()
                            .filter(l -> !l.contains(": waiting "))
                            .toList())
                    .singleElement()
                    .asString()
                    .contains("V5__broken.sql")
                    .contains("line 3")
                    .contains("no such table: nope");
        }
        assertThat(daemon.process().isAlive())
                .as("the daemon stays up after a failed batch")
                .isTrue();
        assertThat(Sqlite.rows(db(), "SELECT name FROM sqlite_schema")).isEmpty();

        Sqlite.write(migrations(), "V5__broken.sql", "CREATE TABLE audit(x);\n");
        hangUp(daemon);
        SchemagateProcess.Result fixed = worker("after-fix", "").await(DEADLINE);
        assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
        assertThat(fixed.stdout()).contains("version=5");
        assertThat(Sqlite.history(db())).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void aWorkerRequiringAVersionAheadOfTheFolderWaitsUntilAReloadBringsIt() throws Exception {
        SchemagateProcess daemon = daemon();
        assertThat(worker("current", "").await(DEADLINE).exitCode()).isZero();
        SchemagateProcess ahead = worker("ahead", ",requires=5");
        // The daemon is READY at 4: the worker must still be waiting a good while later.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> ahead.process().isAlive());
        assertThat(ahead.stdout()).doesNotContain(Worker.MARKER);

        Sqlite.write(migrations(), "V5__audit.sql", "CREATE TABLE audit(x);");
        hangUp(daemon);
        SchemagateProcess.Result r = ahead.await(DEADLINE);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("version=5");
    }

    @Test
    void agentsWaitingOnADaemonKilledWithSigkillAreReleasedByItsSuccessor() throws Exception {
        Sqlite.exec(db(), "CREATE TABLE pre_existing(x)");
        List<SchemagateProcess> workers = new ArrayList<>();
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            // At debug level the daemon logs each agent's HELLO: that, not a clock, says who is connected to it.
            SchemagateProcess first = daemon("--log-level", "debug");
            awaitListening(first);
            for (int i = 1; i <= 3; i++) {
                workers.add(worker("worker-" + i, ""));
            }
            for (int i = 1; i <= 3; i++) {
                String hello = "HELLO from app=worker-" + i + " pid="
                        + workers.get(i - 1).pid() + ";";
                await().atMost(DEADLINE).until(() -> first.stderr().contains(hello));
            }
            workers.forEach(w -> assertThat(w.process().isAlive()).isTrue());
            assertThat(first.stderr()).doesNotContain("agents are released");
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process().exitValue()).isEqualTo(137);
            holder.release();
        }
        SchemagateProcess second = daemon();
        for (SchemagateProcess w : workers) {
            SchemagateProcess.Result r = w.await(DEADLINE);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains(FINAL);
        }
        assertThat(Sqlite.rows(db(), "PRAGMA integrity_check")).containsExactly("ok");
        assertThat(Sqlite.rows(db(), "SELECT DISTINCT applied_by FROM schemagate_history"))
                .containsExactly(host() + ":" + second.pid());
    }

    @Test
    void aSecondDaemonOnTheSameSocketRefusesAndTheFirstKeepsServing() {
        SchemagateProcess first = daemon();
        awaitListening(first);
        SchemagateProcess.Result second = daemon().await(DEADLINE);
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(78);
        assertThat(second.stderr()).contains("another daemon (pid " + first.pid() + ") already serves " + socket());
        SchemagateProcess.Result w = worker("after", "").await(DEADLINE);
        assertThat(w.exitCode()).as(w.toString()).isZero();
        assertThat(first.process().isAlive()).isTrue();
    }

    static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
