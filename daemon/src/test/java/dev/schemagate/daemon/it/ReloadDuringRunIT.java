package dev.schemagate.daemon.it;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload (a real SIGHUP) asked for while a run is still going: a client that connects after the HUP must get the
 * outcome of the reload, never the verdict of the run that was already under way. The sqlite3 shell holds the write
 * lock, so the first run is certainly still in LOCKING when the HUP arrives.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadDuringRunIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    SchemagateProcess daemon;

    Path db() {
        return dir.resolve("app.db");
    }

    Path migrations() {
        return dir.resolve("migrations");
    }

    Path socket() {
        return dir.resolve("sg.sock");
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.destroy();
        }
    }

    SchemagateProcess startDaemon(String deadline) {
        daemon = SchemagateProcess.start(
                dir,
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
                "100ms",
                "--lock-retries",
                "1000",
                "--lock-backoff",
                "50ms",
                "--lock-deadline",
                deadline);
        await().atMost(WAIT).until(() -> daemon.stderr().contains("listening on " + socket()));
        return daemon;
    }

    /** A client that said HELLO and has seen the daemon fail to take the lock at least once. */
    RawClient clientSeeingLocking() throws Exception {
        RawClient early = RawClient.connect(socket());
        early.send("HELLO v=1 app=early\n");
        assertThat(early.readLine(WAIT)).startsWith("WELCOME v=1");
        String line;
        do {
            line = early.readLine(WAIT);
            assertThat(line).as("still waiting for the lock").startsWith("STATE ");
        } while (!line.contains("attempt="));
        return early;
    }

    /** Sends SIGHUP and returns once the daemon has queued the reload. */
    void reload() {
        daemon.signal("HUP");
        await().atMost(WAIT).until(() -> daemon.stderr().contains("SIGHUP: "));
    }

    RawClient lateClient() throws Exception {
        RawClient late = RawClient.connect(socket());
        late.send("HELLO v=1 app=late\n");
        assertThat(late.readLine(WAIT)).startsWith("WELCOME v=1");
        return late;
    }

    @Test
    void aClientConnectingAfterTheHupIsNotGivenTheFirstRunsLockTimeout() throws Exception {
        Sqlite.exec(db(), "PRAGMA user_version = 1");
        write(migrations(), "V1__a.sql", "CREATE TABLE a(x);");
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            startDaemon("6s");
            try (RawClient early = clientSeeingLocking()) {
                write(migrations(), "V2__b.sql", "CREATE TABLE b(x);");
                reload();
                try (RawClient late = lateClient()) {
                    // The first run gives up while the lock is still held: its verdict must reach nobody.
                    await().atMost(WAIT).until(() -> daemon.stderr().contains("Failed to acquire migration lock"));
                    holder.release();
                    List<String> lines = late.readUntilVerdict(WAIT);
                    assertThat(lines).as(daemon::stderr).noneMatch(l -> l.startsWith("FAILED"));
                    assertThat(lines).last().isEqualTo("READY version=2 applied=2");
                    assertThat(early.readUntilVerdict(WAIT)).last().isEqualTo("READY version=2 applied=2");
                }
            }
        }
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    @Test
    void aClientConnectingAfterTheHupIsNotReleasedAtTheVersionTheFirstRunReached() throws Exception {
        Sqlite.exec(db(), "PRAGMA user_version = 1");
        write(migrations(), "V1__a.sql", "CREATE TABLE a(x);");
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            startDaemon("60s");
            try (RawClient early = clientSeeingLocking()) {
                write(migrations(), "V2__b.sql", "CREATE TABLE b(x);");
                reload();
                try (RawClient late = lateClient()) {
                    // The first run scanned before V2 was added: it reaches version 1, then the reload applies V2.
                    holder.release();
                    List<String> lines = late.readUntilVerdict(WAIT);
                    assertThat(lines).as(daemon::stderr).noneMatch(l -> l.startsWith("READY version=1"));
                    assertThat(lines).last().isEqualTo("READY version=2 applied=1");
                }
            }
        }
        assertThat(daemon.stderr()).contains("applied 1 migrations; version 1");
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }
}
