package dev.schemagate.daemon.systemd;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon under real signals, with a datagram socket playing systemd's NOTIFY_SOCKET: READY=1 once
 * agents can connect, RELOADING=1 on SIGHUP, and on SIGTERM STOPPING=1, SHUTTING_DOWN to every connected client,
 * and exit code 0 (not the JVM's 143).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DaemonSignalsIT {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    SchemagateProcess daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.destroy();
        }
    }

    static String awaitDatagram(NotifyReceiver systemd, String prefix) throws InterruptedException {
        String datagram;
        do {
            datagram = systemd.next(WAIT);
            assertThat(datagram).as("a datagram starting with " + prefix).isNotNull();
        } while (!datagram.startsWith(prefix));
        return datagram;
    }

    @Test
    void readyOnceServingReloadingOnHupAndOnTermStoppingShuttingDownAndExit0() throws Exception {
        Path db = dir.resolve("app.db");
        Path socket = dir.resolve("run").resolve("sg.sock");
        Sqlite.exec(db, "PRAGMA user_version = 1");
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString())) {
            daemon = SchemagateProcess.start(
                    dir,
                    Map.of("NOTIFY_SOCKET", dir.resolve("notify").toString()),
                    "daemon",
                    "--db",
                    db.toString(),
                    "--migrations",
                    dir.resolve("migrations").toString(),
                    "--socket",
                    socket.toString(),
                    "--metrics",
                    "127.0.0.1:0", // an ephemeral port: other tests run at the same time
                    "--lock-busy-timeout",
                    "100ms",
                    "--lock-retries",
                    "1000",
                    "--lock-backoff",
                    "50ms");
            assertThat(awaitDatagram(systemd, "READY=1")).contains("STATUS=READY: schema version 1");
            // READY=1 promises that agents can connect: right now, with no waiting for the socket.
            assertThat(socket).exists();
            try (RawClient client = RawClient.connect(socket)) {
                client.send("HELLO v=1\n");
                assertThat(client.readUntilVerdict(WAIT)).last().isEqualTo("READY version=1 applied=1");
            }

            try (LockHoldingShell holder = LockHoldingShell.hold(db)) {
                write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
                daemon.signal("HUP");
                assertThat(awaitDatagram(systemd, "RELOADING=1\nMONOTONIC_USEC="))
                        .contains("STATUS=LOCKING");
                try (RawClient waiting = RawClient.connect(socket)) {
                    waiting.send("HELLO v=1 app=waiting\n");
                    assertThat(waiting.readLine(WAIT)).startsWith("WELCOME v=1");
                    assertThat(waiting.readLine(WAIT)).startsWith("STATE state=LOCKING");
                    daemon.signal("TERM");
                    List<String> lines = waiting.readUntilVerdict(WAIT);
                    assertThat(lines)
                            .as(daemon::stderr)
                            .last()
                            .asString()
                            .startsWith("ERROR code=SHUTTING_DOWN message=");
                    assertThat(waiting.closedByPeer(WAIT)).isTrue();
                }
                assertThat(awaitDatagram(systemd, "STOPPING=1")).isEqualTo("STOPPING=1");
                SchemagateProcess.Result result = daemon.await(WAIT);
                assertThat(result.exitCode()).as(result.toString()).isZero();
            }
        }
        assertThat(Files.exists(socket)).as("the daemon removes its socket").isFalse();
        assertThat(Sqlite.history(db)).containsExactly("1");
    }
}
