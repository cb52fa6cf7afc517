package dev.schemagate.daemon.it;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.metrics.DaemonMetrics;
import dev.schemagate.daemon.metrics.DaemonStatus;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.AllowList;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.examples.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * Who may connect, tried with real users: the daemon runs in the test JVM (root here and in CI), and each client is
 * a real JVM started as uid 65534 through {@code setpriv}, so the kernel's file-mode check and {@code SO_PEERCRED}
 * are the real ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerCredentialsIT {
    static final int NOBODY = 65534;
    /** A group no account has: the client is given it as a supplementary group only. */
    static final int EXTRA_GROUP = 4242;

    static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    Daemon daemon;
    DaemonMetrics metrics;
    final List<LogRecord> refusals = new CopyOnWriteArrayList<>();
    final Logger peerLog = Logger.getLogger("dev.schemagate.daemon.server.PeerCheckHandler");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                refusals.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void needRootAndSetpriv() throws IOException {
        assumeThat(System.getProperty("user.name"))
                .as("these tests switch users with setpriv and must run as root (CI does)")
                .isEqualTo("root");
        // JUnit makes the temp folder 0700: the other user must be able to reach the socket (not more).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(dir.resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        peerLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        peerLog.removeHandler(capture);
        if (daemon != null) {
            daemon.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    Path socket() {
        return dir.resolve("run").resolve("sg.sock");
    }

    Path db() {
        return dir.resolve("app.db");
    }

    void start(AllowList allow, String socketGroup) throws Exception {
        metrics = new DaemonMetrics();
        daemon = Daemon.start(
                new MigrateSettings(
                        db(),
                        dir.resolve("migrations"),
                        new LockSettings(Duration.ofMillis(50), 1000, Duration.ofMillis(20), Duration.ofSeconds(60)),
                        false),
                new ServerSettings(socket(), 100, ServerSettings.DEFAULT_HELLO_TIMEOUT, allow),
                metrics,
                metrics);
        if (socketGroup != null) {
            // What systemd's SocketGroup= or a group-owned runtime folder does: the socket is 0660 root:GROUP.
            Process chgrp = new ProcessBuilder("chgrp", socketGroup, socket().toString())
                    .inheritIO()
                    .start();
            assertThat(chgrp.waitFor()).isZero();
        }
    }

    /** {@code schemagate wait} as uid 65534 with primary group 65534 and the given supplementary groups. */
    SchemagateProcess waitAs(String groupsOption) {
        return SchemagateProcess.javaAs(
                dir.resolve("out"),
                setpriv(groupsOption),
                List.of(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:-UsePerfData",
                        "-jar",
                        SchemagateProcess.jar().toString(),
                        "wait",
                        "--socket",
                        socket().toString(),
                        "--timeout",
                        "30s",
                        "--app",
                        "nobody-app"));
    }

    static List<String> setpriv(String groupsOption) {
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, groupsOption);
    }

    @Test
    void anAllowedUidIsServedAndStatusShowsItsKernelPidAndUid() throws Exception {
        dev.schemagate.daemon.testing.Sqlite.exec(db(), "PRAGMA user_version = 1");
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            start(new AllowList(Set.of(NOBODY), Set.of()), Integer.toString(NOBODY));
            SchemagateProcess client = waitAs("--clear-groups");
            // While the lock is held the client waits, so /status lists it.
            await().atMost(RUN)
                    .until(() -> !metrics.status(daemon.coordinator().state())
                            .agents()
                            .isEmpty());
            DaemonStatus.Agent agent =
                    metrics.status(daemon.coordinator().state()).agents().get(0);
            assertThat(agent.uid()).isEqualTo(NOBODY);
            assertThat(agent.pid()).isEqualTo((int) client.pid()); // setpriv execs java: the same process
            assertThat(agent.app()).isEqualTo("nobody-app");
            holder.release();
            SchemagateProcess.Result r = client.await(RUN);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("schema ready at version 1");
        }
        assertThat(refusals).isEmpty();
    }

    @Test
    void aUserAllowedOnlyThroughASupplementaryGroupIsServed() throws Exception {
        // Netty's PeerCredentials.gids() holds only the primary group (65534 here): the daemon must find 4242 itself.
        start(new AllowList(Set.of(), Set.of(EXTRA_GROUP)), Integer.toString(EXTRA_GROUP));
        await().atMost(RUN).until(() -> daemon.coordinator().state().phase() == Phase.READY);
        SchemagateProcess.Result r = waitAs("--groups=" + EXTRA_GROUP).await(RUN);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(refusals).isEmpty();
    }

    @Test
    void aRefusedUserGetsForbiddenAndTheAgentExits77WithOneClearLineLoggedOnce() throws Exception {
        start(new AllowList(Set.of(0), Set.of(EXTRA_GROUP + 1)), Integer.toString(NOBODY));
        await().atMost(RUN).until(() -> daemon.coordinator().state().phase() == Phase.READY);
        // With an allow-list the daemon publishes no state file: reading a file needs no peer credentials.
        assertThat(dev.schemagate.protocol.StateFile.pathFor(socket())).doesNotExist();

        SchemagateProcess worker = SchemagateProcess.javaAs(
                dir.resolve("out"),
                setpriv("--clear-groups"),
                List.of(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:-UsePerfData",
                        "-javaagent:" + SchemagateProcess.agentJar() + "=socket=" + socket() + ",timeout=30s",
                        "-cp",
                        SchemagateProcess.jar().toString(),
                        Worker.class.getName(),
                        db().toString()));
        SchemagateProcess.Result agent = worker.await(RUN);
        assertThat(agent.exitCode()).as(agent.toString()).isEqualTo(77);
        assertThat(agent.stdout()).doesNotContain(Worker.MARKER);
        assertThat(agent.stderr().lines().filter(l -> l.startsWith("schemagate-agent:")))
                .containsExactly("schemagate-agent: the daemon at " + socket() + " refused this client: uid "
                        + NOBODY + " (groups " + NOBODY + ") may not use this daemon: neither the user nor one of"
                        + " its groups is on its allow-list. Action: add the user to allowUsers or one of its groups"
                        + " to allowGroups (--allow-users / --allow-groups, SCHEMAGATE_ALLOW_USERS /"
                        + " SCHEMAGATE_ALLOW_GROUPS) and restart the daemon");

        SchemagateProcess.Result again = waitAs("--clear-groups").await(RUN);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(77);
        assertThat(again.stderr()).contains("refused this client: uid " + NOBODY);

        assertThat(refusals).hasSize(1);
        assertThat(refusals.get(0).getMessage())
                .contains("refused a client: pid ")
                .contains(" uid " + NOBODY + " groups " + NOBODY + " is not on the allow-list (allowUsers=0"
                        + " allowGroups=" + (EXTRA_GROUP + 1) + ")");
        assertThat(metrics.scrape("text/plain"))
                .contains("schemagate_rejected_connections_total{reason=\"FORBIDDEN\"} 2.0");
    }

    @Test
    void theSocketsFileModeKeepsOutAUserOutsideItsGroupAndTheClientExits77AtOnce() throws Exception {
        start(AllowList.ANYONE, null); // the socket stays 0660 root:root
        await().atMost(RUN).until(() -> daemon.coordinator().state().phase() == Phase.READY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())))
                .isEqualTo("rw-rw----");
        long start = System.nanoTime();
        SchemagateProcess.Result r = waitAs("--clear-groups").await(RUN);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(77);
        assertThat(r.stderr())
                .contains("schemagate: permission denied connecting to " + socket() + " as uid " + NOBODY)
                .contains("action: add this user to the socket's group");
        // At once, not after the 30 s timeout: waiting does not change a file's mode.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));

        // The same user with the socket's group as a supplementary group gets in: the kernel counts those.
        SchemagateProcess.Result member = waitAs("--groups=0").await(RUN);
        assertThat(member.exitCode()).as(member.toString()).isZero();
    }
}
