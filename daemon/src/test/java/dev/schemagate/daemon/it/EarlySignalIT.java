package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal that arrives as soon as the daemon's socket exists, before its own handlers are in place (metrics on:
 * starting the HTTP server keeps that window open), is held and replayed: SIGHUP used to end the JVM with 129.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EarlySignalIT {
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    SchemagateProcess startAndSignalAtBind(String signal) throws Exception {
        Sqlite.write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        SchemagateProcess daemon = SchemagateProcess.start(
                dir,
                "daemon",
                "--db",
                RealDaemon.db(dir).toString(),
                "--migrations",
                dir.resolve("migrations").toString(),
                "--socket",
                RealDaemon.socket(dir).toString(),
                "--metrics",
                "127.0.0.1:0");
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> daemon.stderr().contains("listening on ")
                        || !daemon.process().isAlive());
        daemon.signal(signal);
        return daemon;
    }

    @Test
    void aReloadAtTheMomentOfTheBindIsHeldAndReplayed() throws Exception {
        SchemagateProcess daemon = startAndSignalAtBind("HUP");
        try {
            await().atMost(WAIT)
                    .until(() -> !daemon.process().isAlive() || daemon.stderr().contains("SIGHUP"));
            assertThat(daemon.process().isAlive())
                    .as("the daemon survived the early SIGHUP: %s", daemon.stderr())
                    .isTrue();
            SchemagateProcess.Result ready = SchemagateProcess.run(
                    dir, WAIT, "wait", "--socket", RealDaemon.socket(dir).toString(), "--timeout", "60s");
            assertThat(ready.exitCode()).as(ready.toString()).isZero();
        } finally {
            daemon.destroy();
        }
    }

    @Test
    void aStopAtTheMomentOfTheBindStopsCleanly() throws Exception {
        SchemagateProcess daemon = startAndSignalAtBind("TERM");
        SchemagateProcess.Result r = daemon.await(WAIT);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
