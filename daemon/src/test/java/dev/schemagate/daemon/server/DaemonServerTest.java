package dev.schemagate.daemon.server;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.metrics.DaemonMetrics;
import dev.schemagate.daemon.metrics.MetricNames;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in-process with a real socket and a real SQLite file, spoken to as a person with socat would. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DaemonServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    Daemon daemon;

    Path socket() {
        return dir.resolve("run").resolve("sg.sock");
    }

    Path db() {
        return dir.resolve("app.db");
    }

    Daemon start(LockSettings lock) {
        return start(lock, ServerSettings.DEFAULT_HELLO_TIMEOUT, ServerSettings.DEFAULT_MAX_CONNECTIONS);
    }

    Daemon start(LockSettings lock, Duration helloTimeout, int maxConnections) {
        return start(lock, helloTimeout, maxConnections, SessionObserver.NONE);
    }

    Daemon start(LockSettings lock, Duration helloTimeout, int maxConnections, SessionObserver observer) {
        daemon = Daemon.start(
                new MigrateSettings(db(), dir.resolve("migrations"), lock, false),
                new ServerSettings(socket(), maxConnections, helloTimeout),
                observer);
        return daemon;
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void releasesAWaitingAgentTheMomentTheBatchCommitsAndLaterOnesAtOnce() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
        Sqlite.exec(db(), "PRAGMA user_version = 1"); // an existing file; tables would need adoption
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            start(new LockSettings(Duration.ofMillis(50), 1000, Duration.ofMillis(20), Duration.ofSeconds(30)));
            try (RawClient early = RawClient.connect(socket())) {
                early.send("HELLO v=1 app=early pid=1\n");
                assertThat(early.readLine(WAIT)).isEqualTo("WELCOME v=1 daemon=development");
                String state = early.readLine(WAIT);
                if (state.equals("STATE state=STARTING")) {
                    state = early.readLine(WAIT); // connected while the daemon was still scanning the folder
                }
                assertThat(state).startsWith("STATE state=LOCKING");
                await().atMost(WAIT).until(() -> early.readLine(WAIT).contains("attempt="));
                holder.release();
                String line;
                do {
                    line = early.readLine(WAIT);
                } while (line.startsWith("STATE state=LOCKING"));
                assertThat(line).isEqualTo("STATE state=MIGRATING step=1 of=2 file=V1__a.sql version=1");
                assertThat(early.readLine(WAIT))
                        .isEqualTo("STATE state=MIGRATING step=2 of=2 file=V2__b.sql version=2");
                assertThat(early.readLine(WAIT)).isEqualTo("READY version=2 applied=2");
                assertThat(early.closedByPeer(WAIT)).isTrue();
            }
        }
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
        try (RawClient late = RawClient.connect(socket())) {
            late.send("HELLO v=1\n");
            assertThat(late.readLine(WAIT)).startsWith("WELCOME v=1");
            assertThat(late.readLine(WAIT)).isEqualTo("READY version=2 applied=2");
        }
    }

    @Test
    void lockingStatesNameTheHolderOfTheWriteLock() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        Sqlite.exec(db(), "PRAGMA user_version = 1");
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            start(new LockSettings(Duration.ofMillis(50), 1000, Duration.ofMillis(20), Duration.ofSeconds(30)));
            try (RawClient client = RawClient.connect(socket())) {
                client.send("HELLO v=1\n");
                assertThat(client.readLine(WAIT)).startsWith("WELCOME");
                String line;
                do {
                    line = client.readLine(WAIT);
                    assertThat(line).startsWith("STATE ");
                } while (!line.contains("attempt="));
                assertThat(line)
                        .startsWith("STATE state=LOCKING waited_ms=")
                        .contains(" holder=\"pid " + holder.pid() + " (")
                        .contains("sqlite3");
            }
        }
    }

    @Test
    void waitingNamesTheFoldersNewestVersionNotTheAppliedOne() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
        start(LockSettings.DEFAULTS);
        await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.READY);
        // V2's file goes away (a warning, not an error): the schema stays at 2, the folder's newest is now 1.
        Files.delete(dir.resolve("migrations").resolve("V2__b.sql"));
        daemon.coordinator().runMigrations();
        await().atMost(WAIT)
                .until(() -> daemon.coordinator().state().message().toString().equals("READY version=2 applied=0"));
        try (RawClient client = RawClient.connect(socket())) {
            client.send("HELLO v=1 requires=3\n");
            client.readLine(WAIT);
            assertThat(client.readLine(WAIT)).isEqualTo("WAITING reason=REQUIRES_UNKNOWN requires=3 available=1");
        }
    }

    @Test
    void aFailedBatchAnswersFailedWithTheReasonUntilFixedAndReloaded() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__broken.sql", "CREATE TABLE b(x);\nINSERT INTO nope VALUES (1);");
        start(LockSettings.DEFAULTS);
        await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.FAILED);
        try (RawClient client = RawClient.connect(socket())) {
            client.send("HELLO v=1\n");
            client.readLine(WAIT);
            assertThat(client.readLine(WAIT))
                    .startsWith("FAILED code=MIGRATION_FAILED file=V2__broken.sql line=2 message=")
                    .contains("no such table: nope")
                    .contains("action=\"fix V2__broken.sql");
            assertThat(client.closedByPeer(WAIT)).isTrue();
        }
        assertThat(Sqlite.rows(db(), "SELECT name FROM sqlite_schema")).isEmpty();

        write(dir.resolve("migrations"), "V2__broken.sql", "CREATE TABLE b(x);");
        try (RawClient waiting = RawClient.connect(socket())) {
            daemon.coordinator().runMigrations();
            waiting.send("HELLO v=1\n");
            String line;
            do {
                line = waiting.readLine(WAIT);
            } while (!line.startsWith("READY") && !line.startsWith("FAILED"));
            assertThat(line).isEqualTo("READY version=2 applied=2");
        }
    }

    @Test
    void requiresAheadOfTheFolderWaitsAndIsToldSoUntilAReloadBringsIt() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        start(LockSettings.DEFAULTS);
        await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.READY);
        try (RawClient client = RawClient.connect(socket())) {
            client.send("HELLO v=1 requires=2\n");
            client.readLine(WAIT);
            assertThat(client.readLine(WAIT)).isEqualTo("WAITING reason=REQUIRES_UNKNOWN requires=2 available=1");
            write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
            daemon.coordinator().runMigrations();
            String line;
            do {
                line = client.readLine(WAIT);
            } while (line.startsWith("STATE"));
            assertThat(line).isEqualTo("READY version=2 applied=1");
        }
    }

    @Test
    void aGarbageClientIsClosedWhileAnotherAgentIsStillReleased() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        Sqlite.exec(db(), "PRAGMA user_version = 1"); // an existing file; tables would need adoption
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            start(new LockSettings(Duration.ofMillis(50), 1000, Duration.ofMillis(20), Duration.ofSeconds(30)));
            try (RawClient agent = RawClient.connect(socket());
                    RawClient garbage = RawClient.connect(socket());
                    RawClient tooLong = RawClient.connect(socket())) {
                agent.send("HELLO v=1\n");
                assertThat(agent.readLine(WAIT)).startsWith("WELCOME");
                garbage.send("\u0000\u0001 GET / HTTP/1.1\r\n");
                assertThat(garbage.readLine(WAIT)).startsWith("ERROR code=BAD_MESSAGE message=");
                assertThat(garbage.closedByPeer(WAIT)).isTrue();
                tooLong.send("HELLO v=1 app=" + "x".repeat(5000));
                assertThat(tooLong.readLine(WAIT)).startsWith("ERROR code=LINE_TOO_LONG");
                assertThat(tooLong.closedByPeer(WAIT)).isTrue();
                holder.release();
                String line;
                do {
                    line = agent.readLine(WAIT);
                } while (line.startsWith("STATE"));
                assertThat(line).isEqualTo("READY version=1 applied=1");
            }
        }
    }

    @Test
    void aClientOverTheConnectionCapIsToldSoCountedAndItsSlotIsReleased() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        Sqlite.exec(db(), "PRAGMA user_version = 1");
        // The lock stays held, so no client is released (and closed) by a verdict while the cap is tested.
        try (LockHoldingShell holder = LockHoldingShell.hold(db());
                DaemonMetrics metrics = new DaemonMetrics()) {
            // A HELLO deadline long enough that the silent first client stays connected on a loaded machine.
            start(LockSettings.DEFAULTS, Duration.ofSeconds(50), 2, metrics);
            try (RawClient first = RawClient.connect(socket());
                    RawClient second = RawClient.connect(socket())) {
                second.send("HELLO v=1\n");
                assertThat(second.readLine(WAIT)).startsWith("WELCOME");
                // The silent first client is counted on its own event loop, which a loaded machine may not have run
                // yet although the second was served: the third must come once both are counted, or it is served.
                await().atMost(WAIT)
                        .untilAsserted(
                                () -> assertThat(scrape(metrics)).contains(MetricNames.AGENTS_CONNECTED + " 2.0"));
                try (RawClient third = RawClient.connect(socket())) {
                    assertThat(third.readLine(WAIT))
                            .startsWith("ERROR code=TOO_MANY_CONNECTIONS message=\"the daemon serves at most 2");
                    assertThat(third.closedByPeer(WAIT)).isTrue();
                }
                await().atMost(WAIT)
                        .untilAsserted(() -> assertThat(scrape(metrics))
                                .contains(TOO_MANY_REJECTED)
                                .contains(MetricNames.AGENTS_CONNECTED + " 2.0"));
                first.send("HELLO v=1\n");
                assertThat(first.readLine(WAIT)).startsWith("WELCOME");
            }
            // Both clients left: their slots are free again, and a new client is served, not refused.
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(scrape(metrics)).contains(MetricNames.AGENTS_CONNECTED + " 0.0"));
            try (RawClient again = RawClient.connect(socket());
                    RawClient andAgain = RawClient.connect(socket())) {
                again.send("HELLO v=1\n");
                assertThat(again.readLine(WAIT)).startsWith("WELCOME");
                andAgain.send("HELLO v=1\n");
                assertThat(andAgain.readLine(WAIT)).startsWith("WELCOME");
            }
            assertThat(scrape(metrics)).contains(TOO_MANY_REJECTED);
        }
    }

    static final String TOO_MANY_REJECTED =
            MetricNames.REJECTED_CONNECTIONS + "{" + MetricNames.LABEL_REASON + "=\"TOO_MANY_CONNECTIONS\"} 1.0";

    static String scrape(DaemonMetrics metrics) {
        return metrics.scrape("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void aSilentClientIsClosedAfterTheHelloDeadline() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        start(LockSettings.DEFAULTS, Duration.ofMillis(300), 10);
        long start = System.nanoTime();
        try (RawClient silent = RawClient.connect(socket())) {
            assertThat(silent.readLine(WAIT)).startsWith("ERROR code=HELLO_TIMEOUT message=\"no HELLO within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(silent.closedByPeer(WAIT)).isTrue();
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketRefusesAndTheFirstKeepsServing() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        start(LockSettings.DEFAULTS);
        await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.READY);

        assertThatThrownBy(() -> Daemon.start(
                        new MigrateSettings(db(), dir.resolve("migrations"), LockSettings.DEFAULTS, false),
                        new ServerSettings(socket(), 10, Duration.ofSeconds(5)),
                        SessionObserver.NONE))
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining(
                        "another daemon (pid " + ProcessHandle.current().pid() + ") already serves " + socket());

        try (RawClient client = RawClient.connect(socket())) {
            client.send("HELLO v=1\n");
            client.readLine(WAIT);
            assertThat(client.readLine(WAIT)).isEqualTo("READY version=1 applied=1");
        }
    }

    @Test
    void aStaleSocketIsReplacedButARegularFileIsNot() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        start(LockSettings.DEFAULTS).close();
        Files.createDirectories(socket().getParent());
        // A crashed daemon leaves its socket file behind: simulate with a bound-then-abandoned socket.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket()));
        }
        assertThat(socket()).exists();
        start(LockSettings.DEFAULTS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())))
                .isEqualTo("rw-rw----");
        try (RawClient client = RawClient.connect(socket())) {
            client.send("HELLO v=1\n");
            assertThat(client.readLine(WAIT)).startsWith("WELCOME");
        }
        daemon.close();

        Files.writeString(socket(), "precious");
        assertThatThrownBy(() -> start(LockSettings.DEFAULTS))
                .hasMessageContaining("exists and is not a socket; refusing to replace it");
        daemon = null;
        assertThat(Files.readString(socket())).isEqualTo("precious");
    }

    @Test
    void theSocketFolderIsCreatedWithMode0750() throws IOException {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        start(LockSettings.DEFAULTS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())))
                .isEqualTo("rwxr-x---");
    }
}
