package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon with {@code --snapshot-dir}: its first run and a reload that adds a migration each leave a copy of
 * the pre-batch database (checked against the real sqlite3's dump of the file just before the reload), pruned to
 * {@code --snapshot-keep}, and {@code /status}, the metrics and {@code schemagate status} show the newest one.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SnapshotDaemonIT {
    @TempDir
    Path dir;

    private SchemagateProcess daemon;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            daemon.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path snaps() {
        return new SnapshotCase(dir).snaps();
    }

    @Test
    void aReloadThatAddsAMigrationSnapshotsThePreBatchDatabaseAndReportsIt() throws Exception {
        Sqlite.write(
                dir.resolve("migrations"),
                "V1__users.sql",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
                        + "INSERT INTO users (name) VALUES ('ada'), ('bob');\n");
        daemon = RealDaemon.startWithMetrics(dir, "--snapshot-dir", snaps().toString(), "--snapshot-keep", "1");
        int port = RealDaemon.metricsPort(daemon);
        assertThat(RealDaemon.waitFor(dir, "1").exitCode()).isZero();
        assertThat(snapshotNames()).singleElement().asString().startsWith("app.db.v0-to-v1.");
        Sqlite.exec(RealDaemon.db(dir), "INSERT INTO users (name) VALUES ('written by the app')");
        String preBatch = dump(RealDaemon.db(dir));
        assertThat(preBatch).contains("written by the app");

        Sqlite.write(dir.resolve("migrations"), "V2__bad_cleanup.sql", "DELETE FROM users;\nCREATE TABLE audit (x);\n");
        daemon.signal("HUP");
        await().atMost(RealDaemon.WAIT).until(() -> daemon.stderr().contains("SIGHUP: "));
        assertThat(RealDaemon.waitFor(dir, "2").exitCode()).isZero();

        List<String> names = snapshotNames();
        assertThat(names)
                .as("--snapshot-keep 1: the first run's snapshot is pruned")
                .singleElement()
                .asString()
                .matches("app\\.db\\.v1-to-v2\\.\\d{8}T\\d{6}-\\d{3}Z\\.snapshot\\.db");
        Path snapshot = snaps().resolve(names.get(0));
        assertThat(dump(snapshot))
                .as("the snapshot holds exactly the pre-batch database")
                .isEqualTo(preBatch);
        assertThat(Sqlite.rows(RealDaemon.db(dir), "SELECT count(*) FROM users"))
                .containsExactly("0");

        JsonNode latest = new ObjectMapper().readTree(get(port, "/status")).get("latestSnapshot");
        assertThat(latest.get("file").asText()).isEqualTo(snapshot.toString());
        assertThat(latest.get("from").asText()).isEqualTo("1");
        assertThat(latest.get("to").asText()).isEqualTo("2");
        assertThat(latest.get("bytes").asLong()).isEqualTo(Files.size(snapshot));
        assertThat(latest.get("millis").asLong()).isNotNegative();
        assertThat(Instant.parse(latest.get("takenAt").asText())).isBefore(Instant.now());

        String metrics = get(port, "/metrics");
        assertThat(series(metrics, "schemagate_snapshot_seconds_count")).isEqualTo(2.0);
        assertThat(series(metrics, "schemagate_snapshot_bytes")).isEqualTo((double) Files.size(snapshot));
        assertThat(series(metrics, "schemagate_failures_total{code=\"SNAPSHOT_FAILED\"}"))
                .isZero();

        Result status = SchemagateProcess.run(
                dir.resolve("out"),
                RealDaemon.WAIT,
                "status",
                "--json",
                "--db",
                RealDaemon.db(dir).toString(),
                "--migrations",
                dir.resolve("migrations").toString(),
                "--snapshot-dir",
                snaps().toString());
        JsonNode cli = new ObjectMapper().readTree(status.stdout()).get("latestSnapshot");
        assertThat(cli.get("file").asText()).isEqualTo(snapshot.toString());
        assertThat(cli.get("from").asText()).isEqualTo("1");
        assertThat(cli.get("to").asText()).isEqualTo("2");
        assertThat(cli.get("bytes").asLong()).isEqualTo(Files.size(snapshot));
        assertThat(cli.get("takenAt").asText()).isEqualTo(latest.get("takenAt").asText());
    }

    private List<String> snapshotNames() throws Exception {
        return new SnapshotCase(dir).snapshotNames();
    }

    /** The real sqlite3's {@code .dump}: schema and rows as SQL text, independent of page layout. */
    private String dump(Path db) throws Exception {
        Path script = Files.writeString(Files.createTempFile(dir, "dump", ".sql"), ".dump\n");
        return Sqlite3.run(db, script);
    }

    private String get(int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static double series(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in the scrape", name).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
