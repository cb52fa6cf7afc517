package dev.schemagate.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.examples.SampleMigrations;
import dev.schemagate.examples.testing.AgentLog;
import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.SchemagateDaemon;
import dev.schemagate.examples.testing.WriteLockHolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop trap: {@code catalina.sh stop} (and {@code version}, {@code configtest}) start a JVM of their own, and
 * whatever reaches that JVM's command line or environment reaches it too. It must not wait for the schema.
 *
 * <p>A waiting Tomcat has no shutdown port open yet, so {@code stop} ends it through the pid file
 * (CATALINA_PID, set by the example's setenv.sh) with SIGTERM. The JAVA_OPTS and JAVA_TOOL_OPTIONS cases rest on
 * the agent letting Tomcat's {@code Bootstrap stop|configtest} and {@code ServerInfo} (version) JVMs through:
 * watched failing on the agent before that rule, each stop/version JVM printing "schemagate-agent: waiting 5s
 * for schema: daemon is LOCKING ..." until the test killed it after 60 s.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class TomcatStopIT {
    /** "A few seconds": catalina.sh stop itself polls the pid for up to 5 s; the stop JVM starts in 1-3 s. */
    static final Duration STOP_WITHIN = Duration.ofSeconds(15);

    /** Long enough for a hanging stop JVM to show itself as hanging, short of the agent's 120 s timeout. */
    static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    static Path shared;

    static WriteLockHolder lock;
    static Launched daemon;
    static Path db;
    static Path socket;

    @TempDir
    Path dir;

    final List<Launched> launched = new ArrayList<>();
    // Servers started by `catalina.sh start` are not our children (the script backgrounds them): killed by pid.
    final List<Long> detached = new ArrayList<>();

    /** One daemon for the class, kept LOCKING by the sqlite3 shell holding the write lock. */
    @BeforeAll
    static void daemonStuckLocking() throws IOException {
        db = shared.resolve("app.db");
        socket = shared.resolve("run").resolve("schemagate.sock");
        Path migrations = shared.resolve("migrations");
        SampleMigrations.copyTo(migrations);
        lock = WriteLockHolder.hold(db);
        daemon = SchemagateDaemon.start(db, migrations, socket, shared.resolve("daemon.log"));
        SchemagateDaemon.awaitListening(daemon, socket);
    }

    @AfterAll
    static void releaseTheDaemon() throws IOException {
        if (daemon != null) {
            daemon.kill();
        }
        if (lock != null) {
            lock.close();
        }
    }

    @AfterEach
    void killLeftovers() {
        launched.forEach(Launched::kill);
        detached.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void stopReturnsWithinSecondsAndEndsATomcatWaitingOnALockingDaemonWithTheAgentInCatalinaOpts() throws Exception {
        stopReturnsWithinSecondsAndEndsTheWaitingTomcat(CatalinaBase.CATALINA_OPTS_LINE);
    }

    @Test
    void stopReturnsWithinSecondsAndEndsATomcatWaitingOnALockingDaemonWithTheAgentInJavaOpts() throws Exception {
        stopReturnsWithinSecondsAndEndsTheWaitingTomcat(CatalinaBase.JAVA_OPTS_LINE);
    }

    private void stopReturnsWithinSecondsAndEndsTheWaitingTomcat(String placement) throws Exception {
        String setenv = CatalinaBase.setenv(BuiltJars.agent(), socket, "stop-test", placement);
        CatalinaBase base = CatalinaBase.create(dir.resolve("base"), setenv, db);
        long serverPid = startAndAwaitWaiting(base, "daemon is LOCKING");

        Launched stop = run(base, "stop");
        long startedAt = System.nanoTime();
        int exit = stop.awaitExit(HANG);
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

        assertThat(took).as("catalina.sh stop took %s:\n%s", took, stop).isLessThan(STOP_WITHIN);
        assertThat(exit).as(stop.describe()).isZero();
        assertThat(stop.log()).contains("Tomcat stopped.");
        assertThat(AgentLog.isWaiting(stop.log())).as("the stop JVM waited").isFalse();
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the waiting Tomcat (pid %d) is gone", serverPid)
                .isFalse();
        assertThat(base.catalinaOut()).content().doesNotContain("Server startup in");
    }

    @Test
    void withTheAgentInJavaToolOptionsAndNoDaemonVersionConfigtestAndStopCompleteWhileAStartWaits() throws Exception {
        Path nowhere = dir.resolve("no-daemon").resolve("schemagate.sock");
        // setenv.sh keeps only the pid file; the agent comes from the environment, as in a container image.
        CatalinaBase base = CatalinaBase.create(
                        dir.resolve("base"), "CATALINA_PID=\"$CATALINA_BASE/temp/catalina.pid\"\n", db)
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + BuiltJars.agent() + "=socket=" + nowhere + ",timeout=5m");
        long serverPid = startAndAwaitWaiting(base, "not reachable");

        Launched version = run(base, "version");
        assertThat(awaitQuickly(version)).as(version.describe()).isZero();
        assertThat(version.log())
                .contains("Picked up JAVA_TOOL_OPTIONS")
                .contains("Server version: Apache Tomcat/" + System.getProperty("tomcat.version"));

        Launched configtest = run(base, "configtest");
        assertThat(awaitQuickly(configtest)).as(configtest.describe()).isZero();

        Launched stop = run(base, "stop");
        assertThat(awaitQuickly(stop)).as(stop.describe()).isZero();
        assertThat(stop.log()).contains("Tomcat stopped.");
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the waiting Tomcat (pid %d) is gone", serverPid)
                .isFalse();
        for (Launched tool : List.of(version, configtest, stop)) {
            assertThat(AgentLog.isWaiting(tool.log())).as(tool.describe()).isFalse();
        }
    }

    /** {@code catalina.sh start}, then waits until catalina.out shows the agent waiting with {@code state}. */
    private long startAndAwaitWaiting(CatalinaBase base, String state) throws IOException {
        Launched start = run(base, "start");
        assertThat(start.awaitExit(Duration.ofMinutes(1))).as(start.describe()).isZero();
        long pid = Long.parseLong(Files.readString(base.pidFile()).trim());
        detached.add(pid);
        await().atMost(Duration.ofMinutes(2))
                .failFast("Tomcat exited", () -> ProcessHandle.of(pid).isEmpty())
                .untilAsserted(() -> assertThat(AgentLog.lines(Files.readString(base.catalinaOut())))
                        .anyMatch(l -> l.contains(" waiting ") && l.contains(state)));
        return pid;
    }

    private Launched run(CatalinaBase base, String command) {
        Launched l = base.catalina(dir.resolve(command + ".log"), command);
        launched.add(l);
        return l;
    }

    private static int awaitQuickly(Launched tool) {
        long startedAt = System.nanoTime();
        int exit = tool.awaitExit(HANG);
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        assertThat(took).as("took %s:\n%s", took, tool).isLessThan(STOP_WITHIN);
        return exit;
    }
}
