package dev.schemagate.daemon.metrics;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A daemon in-process with its metrics server, scraped over real HTTP while it waits for the lock and once READY. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DaemonMetricsScrapeTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

    @TempDir
    Path dir;

    DaemonMetrics metrics;
    Daemon daemon;
    MetricsHttpServer http;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();

    void start(LockSettings lock) {
        metrics = new DaemonMetrics();
        daemon = Daemon.start(
                new MigrateSettings(dir.resolve("app.db"), dir.resolve("migrations"), lock, false),
                new ServerSettings(dir.resolve("run").resolve("sg.sock"), 100, ServerSettings.DEFAULT_HELLO_TIMEOUT),
                metrics,
                metrics);
        http = MetricsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, daemon.coordinator()::state);
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + http.address().getPort() + path))
                        .timeout(WAIT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue(TEXT_004);
        return response.body();
    }

    static void assertPromtoolFindsNothing(String scrape) throws Exception {
        Promtool.Result result = Promtool.run(scrape, "check", "metrics");
        assertThat(result.lines()).as("promtool check metrics findings").noneMatch(l -> l.contains("schemagate_"));
        assertThat(result.lines())
                .as("promtool check metrics findings (JVM meters)")
                .isEmpty();
        assertThat(result.exit()).isZero();
    }

    @Test
    void scrapesWhileLockingAndAfterReadyWithExactValuesAndNoLintFindings() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__b.sql", "CREATE TABLE b(x);");
        Sqlite.exec(dir.resolve("app.db"), "PRAGMA user_version = 1"); // an existing file; tables would need adoption
        try (LockHoldingShell holder = LockHoldingShell.hold(dir.resolve("app.db"))) {
            start(new LockSettings(Duration.ofMillis(50), 1000, Duration.ofMillis(20), Duration.ofSeconds(60)));
            try (RawClient agent = RawClient.connect(dir.resolve("run").resolve("sg.sock"))) {
                agent.send("HELLO v=1 app=metrics-test\n");
                assertThat(agent.readLine(WAIT)).startsWith("WELCOME");
                try (RawClient garbage = RawClient.connect(dir.resolve("run").resolve("sg.sock"))) {
                    garbage.send("\u0000 GET / HTTP/1.1\n");
                    assertThat(garbage.readLine(WAIT)).startsWith("ERROR code=BAD_MESSAGE");
                    assertThat(garbage.closedByPeer(WAIT)).isTrue();
                }
                await().atMost(WAIT)
                        .until(() -> Scrape.parse(scrape()).get("schemagate_agents_connected") == 1.0
                                && Scrape.parse(scrape()).get("schemagate_lock_attempts_total{result=\"busy\"}") >= 2);

                String locking = scrape();
                Map<String, Double> s = Scrape.parse(locking);
                assertThat(daemon.coordinator().state().phase()).isEqualTo(Phase.LOCKING);
                assertThat(s)
                        .containsEntry("schemagate_state{state=\"LOCKING\"}", 1.0)
                        .containsEntry("schemagate_state{state=\"STARTING\"}", 0.0)
                        .containsEntry("schemagate_state{state=\"MIGRATING\"}", 0.0)
                        .containsEntry("schemagate_state{state=\"READY\"}", 0.0)
                        .containsEntry("schemagate_state{state=\"FAILED\"}", 0.0)
                        .containsEntry("schemagate_agents_waiting", 1.0)
                        .containsEntry("schemagate_agents_connected", 1.0)
                        .containsEntry("schemagate_rejected_connections_total{reason=\"BAD_MESSAGE\"}", 1.0)
                        .containsEntry("schemagate_rejected_connections_total{reason=\"LINE_TOO_LONG\"}", 0.0)
                        .containsEntry("schemagate_migrations_applied_total", 0.0)
                        .containsEntry("schemagate_schema_version", 0.0)
                        .containsEntry("schemagate_lock_attempts_total{result=\"acquired\"}", 0.0)
                        .containsEntry("schemagate_lock_wait_seconds_count", 0.0)
                        .containsEntry("schemagate_failures_total{code=\"LOCK_TIMEOUT\"}", 0.0);
                assertThat(s.get("schemagate_migrations_pending")).isNaN();
                assertThat(locking).contains("schemagate_build_info{version=\"development\"} 1\n");
                assertPromtoolFindsNothing(locking);

                HttpResponse<String> notReady = get("/readyz");
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(notReady.body()).isEqualTo("LOCKING\n");
                JsonNode status = new ObjectMapper().readTree(get("/status").body());
                assertThat(status.get("state").asText()).isEqualTo("LOCKING");
                assertThat(status.get("lockWaitMs").asLong()).isPositive();
                assertThat(status.get("pending").isNull()).isTrue();
                assertThat(status.get("agentsWaiting").asInt()).isEqualTo(1);
                assertThat(status.get("version").isNull()).isTrue();
                assertThat(status.get("available").asText()).isEqualTo("2");

                holder.release();
                String line;
                do {
                    line = agent.readLine(WAIT);
                } while (line.startsWith("STATE"));
                assertThat(line).isEqualTo("READY version=2 applied=2");
                assertThat(agent.closedByPeer(WAIT)).isTrue();
            }
        }
        await().atMost(WAIT).until(() -> Scrape.parse(scrape()).get("schemagate_agents_connected") == 0.0);
        String ready = scrape();
        Map<String, Double> s = Scrape.parse(ready);
        assertThat(s)
                .containsEntry("schemagate_state{state=\"READY\"}", 1.0)
                .containsEntry("schemagate_state{state=\"LOCKING\"}", 0.0)
                .containsEntry("schemagate_migrations_applied_total", 2.0)
                .containsEntry("schemagate_schema_version", 2.0)
                .containsEntry("schemagate_migrations_pending", 0.0)
                .containsEntry("schemagate_agents_waiting", 0.0)
                .containsEntry("schemagate_rejected_connections_total{reason=\"BAD_MESSAGE\"}", 1.0)
                .containsEntry("schemagate_lock_attempts_total{result=\"acquired\"}", 1.0)
                .containsEntry("schemagate_lock_wait_seconds_count", 1.0)
                .containsEntry("schemagate_migration_duration_seconds_count", 1.0)
                .containsEntry("schemagate_agent_wait_seconds_count{outcome=\"ready\"}", 1.0)
                .containsEntry("schemagate_agent_wait_seconds_count{outcome=\"failed\"}", 0.0)
                .containsEntry("schemagate_failures_total{code=\"MIGRATION_FAILED\"}", 0.0);
        // Two busy attempts of 50 ms each at least before the lock was taken, all inside the engine's time; the
        // agent said HELLO after the run began and was released just after it ended.
        double lockWait = s.get("schemagate_lock_wait_seconds_sum");
        double engine = s.get("schemagate_migration_duration_seconds_sum");
        assertThat(lockWait).isGreaterThanOrEqualTo(0.1).isLessThan(engine);
        assertThat(s.get("schemagate_agent_wait_seconds_sum{outcome=\"ready\"}"))
                .isPositive()
                .isLessThan(engine + 1);
        assertPromtoolFindsNothing(ready);

        HttpResponse<String> isReady = get("/readyz");
        assertThat(isReady.statusCode()).isEqualTo(200);
        assertThat(isReady.body()).isEqualTo("READY\n");
        JsonNode status = new ObjectMapper().readTree(get("/status").body());
        assertThat(status.get("state").asText()).isEqualTo("READY");
        assertThat(status.get("version").asText()).isEqualTo("2");
        assertThat(status.get("pending").asInt()).isZero();
        assertThat(status.get("currentMigration").isNull()).isTrue();
        assertThat(status.get("lastError").isNull()).isTrue();
        assertThat(status.get("agentsConnected").asInt()).isZero();
        assertThat(status.get("daemonVersion").asText()).isEqualTo("development");
        assertThat(status.get("lockWaitMs").asLong()).isCloseTo((long) (lockWait * 1000), within(1L));
    }

    @Test
    void aFailedBatchIsCountedByCodeKeepsItsPendingSizeAndShowsTheErrorInStatus() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(dir.resolve("migrations"), "V2__broken.sql", "CREATE TABLE b(x);\nINSERT INTO nope VALUES (1);");
        start(LockSettings.DEFAULTS);
        await().atMost(WAIT).until(() -> get("/readyz").body().equals("FAILED\n"));
        String failed = scrape();
        Map<String, Double> s = Scrape.parse(failed);
        assertThat(s)
                .containsEntry("schemagate_state{state=\"FAILED\"}", 1.0)
                .containsEntry("schemagate_state{state=\"READY\"}", 0.0)
                .containsEntry("schemagate_failures_total{code=\"MIGRATION_FAILED\"}", 1.0)
                .containsEntry("schemagate_failures_total{code=\"LOCK_TIMEOUT\"}", 0.0)
                .containsEntry("schemagate_migrations_pending", 2.0)
                .containsEntry("schemagate_migrations_applied_total", 0.0)
                .containsEntry("schemagate_schema_version", 0.0)
                .containsEntry("schemagate_migration_duration_seconds_count", 0.0);
        assertPromtoolFindsNothing(failed);
        HttpResponse<String> readyz = get("/readyz");
        assertThat(readyz.statusCode()).isEqualTo(503);
        JsonNode status = new ObjectMapper().readTree(get("/status").body());
        assertThat(status.get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("lastError").get("code").asText()).isEqualTo("MIGRATION_FAILED");
        assertThat(status.get("lastError").get("message").asText())
                .contains("V2__broken.sql")
                .contains("no such table: nope");
        assertThat(status.get("pending").asInt()).isEqualTo(2);

        write(dir.resolve("migrations"), "V2__broken.sql", "CREATE TABLE b(x);");
        daemon.coordinator().runMigrations();
        await().atMost(WAIT).until(() -> get("/readyz").statusCode() == 200);
        s = Scrape.parse(scrape());
        assertThat(s)
                .containsEntry("schemagate_state{state=\"READY\"}", 1.0)
                .containsEntry("schemagate_failures_total{code=\"MIGRATION_FAILED\"}", 1.0)
                .containsEntry("schemagate_migrations_applied_total", 2.0)
                .containsEntry("schemagate_migrations_pending", 0.0)
                .containsEntry("schemagate_schema_version", 2.0);
        assertThat(new ObjectMapper()
                        .readTree(get("/status").body())
                        .get("lastError")
                        .isNull())
                .isTrue();
    }
}
