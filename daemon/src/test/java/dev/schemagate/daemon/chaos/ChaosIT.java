package dev.schemagate.daemon.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Chaos with a safety checker: round after round, a daemon and worker JVMs (with the real agent) start at random
 * moments on a corpus with slow migrations; the daemon (and sometimes a {@code migrate} beside it) is SIGKILLed at
 * random points, successors start, migrations are added and reloaded. Every worker's main() records what it saw;
 * {@link ChaosChecker} then reads the logs and the database and asserts the invariants.
 *
 * <p>Runs for {@code -Dchaos.seconds} (default 10: the short form in every {@code ./mvnw verify}); {@code -Pchaos}
 * runs it for 20 minutes. {@code -Dchaos.seed} replays a run's random choices.
 */
@Timeout(value = 3, unit = TimeUnit.HOURS)
class ChaosIT {
    private static final long SECONDS = Long.getLong("chaos.seconds", 10);
    private static final long SEED = Long.getLong("chaos.seed", System.nanoTime());
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RELEASED =
            Pattern.compile("; version (\\d+) \\(engine time [^\\n]*\\n[^\\n]*agents are released: READY");

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);
    private final List<SchemagateProcess> all = new ArrayList<>();
    private final List<Worker> roundWorkers = new ArrayList<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    private SchemagateProcess daemon;
    private int daemonReleases;
    private SchemagateProcess migrate;
    private int folderMax;
    private int daemonKnows;
    private int workers;
    private int daemonKills;
    private int migrateKills;
    private int reloads;
    private int daemonsStarted;

    private record Worker(String id, SchemagateProcess process, int requires) {}

    @AfterEach
    void stopAll() {
        watcher.shutdownNow();
        all.forEach(SchemagateProcess::destroy);
    }

    @Test
    void invariantsHoldThroughRandomKillsRestartsAndReloads() throws Exception {
        Files.createDirectories(logs());
        addMigrations(2);
        watcher.scheduleWithFixedDelay(this::pollReady, 50, 50, TimeUnit.MILLISECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        int rounds = 0;
        while (rounds == 0 || System.nanoTime() < end) {
            rounds++;
            round();
        }
        // Settle: a live daemon that knows every file, every worker ended, then a clean stop.
        ensureDaemonKnowsAll();
        Worker last = launchWorker(folderMax);
        awaitWorkers(List.of(last));
        synchronized (this) {
            pollReady();
            event("unready daemon=" + daemon.pid() + " at=" + now() + " reason=term");
            new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid()))
                    .start()
                    .waitFor();
        }
        assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        SchemagateProcess.Result settle = SchemagateProcess.start(
                        dir.resolve("out"),
                        "migrate",
                        "--db",
                        db().toString(),
                        "--migrations",
                        migrations().toString())
                .await(Duration.ofSeconds(120));
        assertThat(settle.exitCode()).as("%s", settle).isZero();
        assertThat(settle.stdout()).contains("is up to date at version " + folderMax);

        ChaosChecker checker = new ChaosChecker();
        List<String> violations = checker.check(logs(), Sqlite.history(db()), folderMax);
        String summary = "chaos: seed " + SEED + ", " + SECONDS + " s, " + rounds + " rounds, " + folderMax
                + " migrations, " + daemonsStarted + " daemons started, " + daemonKills + " daemon SIGKILLs, "
                + migrateKills + " migrate SIGKILLs, " + reloads + " reloads, " + workers + " worker JVMs; checks "
                + checker.counts() + "; violations " + violations.size();
        System.out.println(summary);
        Files.writeString(
                Path.of("target", "chaos-summary.txt"),
                summary + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertThat(violations).as("seed %d; logs in %s", SEED, logs()).isEmpty();
        assertThat(checker.counts().getOrDefault("worker snapshots checked", 0))
                .as("the checker had snapshots to check")
                .isGreaterThanOrEqualTo(rounds);
    }

    /** One round: a shuffled mix of actions with random pauses, then every worker of the round must end. */
    private void round() throws Exception {
        List<Runnable> actions = new ArrayList<>();
        actions.add(this::startDaemonIfNone);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            actions.add(() -> launchWorker(1 + random.nextInt(folderMax)));
        }
        if (random.nextInt(3) == 0) {
            actions.add(() -> addMigrations(1 + random.nextInt(2)));
        }
        if (random.nextInt(10) < 6) {
            actions.add(this::killDaemon);
            actions.add(this::startDaemonIfNone);
        }
        if (random.nextInt(4) == 0) {
            actions.add(this::startMigrate);
            if (random.nextBoolean()) {
                actions.add(this::killMigrate);
            }
        }
        if (random.nextInt(4) == 0) {
            actions.add(this::reload);
        }
        Collections.shuffle(actions, random);
        for (Runnable action : actions) {
            action.run();
            Thread.sleep(random.nextInt(700));
        }
        ensureDaemonKnowsAll();
        awaitWorkers(roundWorkers);
        roundWorkers.clear();
        if (migrate != null) {
            migrate.await(Duration.ofSeconds(120));
            migrate = null;
        }
    }

    private void addMigrations(int count) {
        for (int i = 0; i < count; i++) {
            folderMax++;
            Sqlite.write(migrations(), ChaosCorpus.fileName(folderMax), ChaosCorpus.sql(folderMax));
        }
    }

    private synchronized void startDaemonIfNone() {
        if (daemon != null) {
            return;
        }
        daemon = start(
                "daemon",
                "--db",
                db().toString(),
                "--migrations",
                migrations().toString(),
                "--socket",
                dir.resolve("run").resolve("sg.sock").toString(),
                "--metrics",
                "off",
                "--lock-busy-timeout",
                "200ms",
                "--lock-retries",
                "1000",
                "--lock-backoff",
                "20ms",
                "--lock-deadline",
                "10m");
        daemonReleases = 0;
        daemonKnows = folderMax;
        daemonsStarted++;
    }

    private void killDaemon() {
        if (daemon == null) {
            return;
        }
        SchemagateProcess victim;
        synchronized (this) {
            pollReady();
            victim = daemon;
            daemon = null;
            event("unready daemon=" + victim.pid() + " at=" + now() + " reason=kill");
            victim.process().destroyForcibly();
        }
        killed("daemon", victim);
        daemonKills++;
    }

    private void startMigrate() {
        if (migrate == null) {
            migrate = start(
                    "migrate",
                    "--db",
                    db().toString(),
                    "--migrations",
                    migrations().toString(),
                    "--lock-busy-timeout",
                    "200ms",
                    "--lock-retries",
                    "1000",
                    "--lock-backoff",
                    "20ms",
                    "--lock-deadline",
                    "10m");
        }
    }

    private void killMigrate() {
        if (migrate != null && migrate.process().isAlive()) {
            migrate.process().destroyForcibly();
            killed("migrate", migrate);
            migrate = null;
            migrateKills++;
        }
    }

    private void reload() {
        if (daemon == null) {
            return;
        }
        // Until its handler is installed, SIGHUP ends a JVM (exit 129); systemd, too, reloads only a started unit.
        // The first 20-minute run found it: a HUP after "listening on" but before the handler killed the daemon.
        SchemagateProcess target = daemon;
        await().atMost(Duration.ofSeconds(60))
                .until(() -> target.stderr().contains("signal handlers installed")
                        || !target.process().isAlive());
        synchronized (this) {
            pollReady();
            event("unready daemon=" + daemon.pid() + " at=" + now() + " reason=hup");
            try {
                new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid()))
                        .start()
                        .waitFor();
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        daemonKnows = folderMax;
        reloads++;
    }

    private void ensureDaemonKnowsAll() {
        if (daemon != null && !daemon.process().isAlive()) {
            // Nobody killed it: a daemon that dies by itself is a finding, not chaos.
            throw new AssertionError(
                    "the daemon exited by itself (" + daemon.process().exitValue() + "):\n" + daemon.stderr());
        }
        startDaemonIfNone();
        if (daemonKnows < folderMax) {
            reload();
        }
    }

    private Worker launchWorker(int requires) {
        workers++;
        String id = Integer.toString(workers);
        SchemagateProcess p = SchemagateProcess.java(
                dir.resolve("out"),
                List.of(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-javaagent:" + SchemagateProcess.agentJar() + "=socket=" + dir.resolve("run/sg.sock")
                                + ",timeout=" + WORKER_TIMEOUT.toSeconds() + "s,requires=" + requires + ",app=w" + id,
                        "-cp",
                        SchemagateProcess.jar() + ":" + testClasses(),
                        ChaosWorker.class.getName(),
                        db().toString(),
                        logs().resolve("worker-" + id + ".log").toString(),
                        id,
                        Integer.toString(requires)));
        all.add(p);
        event("launched worker=" + id + " requires=" + requires + " at=" + now());
        Worker w = new Worker(id, p, requires);
        roundWorkers.add(w);
        return w;
    }

    private void awaitWorkers(List<Worker> workers) throws InterruptedException {
        for (Worker w : workers) {
            boolean ended = w.process().process().waitFor(WORKER_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            if (!ended) {
                w.process().destroy();
                w.process().process().waitFor();
            }
            event("ended worker=" + w.id() + " exit="
                    + (ended ? w.process().process().exitValue() : -1) + " at=" + now());
        }
    }

    /** Waits for the SIGKILLed process to die, then checks the file as the next opener would find it. */
    private void killed(String target, SchemagateProcess victim) {
        try {
            assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        event("kill target=" + target + " pid=" + victim.pid() + " at=" + now() + " integrity=" + integrity());
    }

    private String integrity() {
        if (!Files.exists(db())) {
            return "ok"; // killed before the database was created: nothing to check yet
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(60_000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(sb.length() == 0 ? "" : ";").append(rs.getString(1));
            }
            return sb.toString().replace(' ', '_');
        } catch (SQLException e) {
            return "error:" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
    }

    /** Records a READY event for each new "agents are released" line of the live daemon. */
    private synchronized void pollReady() {
        if (daemon == null) {
            return;
        }
        Matcher m = RELEASED.matcher(daemon.stderr());
        int seen = 0;
        String version = null;
        while (m.find()) {
            seen++;
            version = m.group(1);
        }
        if (seen > daemonReleases) {
            daemonReleases = seen;
            event("ready daemon=" + daemon.pid() + " version=" + version + " at=" + now());
        }
    }

    private synchronized void event(String line) {
        try {
            Files.writeString(
                    logs().resolve("events.log"),
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private SchemagateProcess start(String... args) {
        SchemagateProcess p = SchemagateProcess.start(dir.resolve("out"), args);
        all.add(p);
        return p;
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static Path testClasses() {
        try {
            return Path.of(ChaosWorker.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Path db() {
        return dir.resolve("app.db");
    }

    private Path migrations() {
        return dir.resolve("migrations");
    }

    private Path logs() {
        return dir.resolve("logs");
    }
}
