package dev.schemagate.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.daemon.testing.RepoRoot;
import dev.schemagate.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP side on a real TCP socket: routes, methods, content negotiation, keep-alive and request bounds. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsHttpServerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    final AtomicReference<GateState> state = new AtomicReference<>(state(Phase.STARTING, null));
    final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
    DaemonMetrics metrics;
    MetricsHttpServer http;

    static GateState state(Phase phase, String applied) {
        return new GateState(
                1, phase, applied == null ? null : MigrationVersion.parse(applied), null, Messages.starting(), null);
    }

    @BeforeEach
    void start() {
        metrics = new DaemonMetrics();
        http = MetricsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), metrics, state::get);
    }

    @AfterEach
    void stop() {
        http.close();
        metrics.close();
    }

    HttpResponse<String> send(String method, String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.address().getPort() + path))
                .timeout(WAIT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzIsOkWhateverTheState() throws Exception {
        HttpResponse<String> r = send("GET", "/healthz", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
    }

    @Test
    void readyzFollowsTheCoordinatorsState() throws Exception {
        HttpResponse<String> r = send("GET", "/readyz", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("STARTING\n");
        state.set(state(Phase.READY, "3"));
        r = send("GET", "/readyz?verbose=1", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("READY\n");
    }

    @Test
    void metricsAreText004UnlessOpenMetricsIsAccepted() throws Exception {
        HttpResponse<String> text = send("GET", "/metrics", "text/plain");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).contains("# TYPE schemagate_state gauge\n").doesNotContain("# EOF");

        // What Prometheus 2.x sends when it prefers OpenMetrics.
        HttpResponse<String> om = send(
                "GET",
                "/metrics",
                "application/openmetrics-text;version=1.0.0,"
                        + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertThat(om.statusCode()).isEqualTo(200);
        assertThat(om.headers().firstValue("content-type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(om.body()).endsWith("# EOF\n").contains("schemagate_build_info{version=\"development\"} 1");
    }

    /**
     * Every FAILED code and every ERROR code of PROTOCOL.md has its series at 0 from the start: an alert on
     * {@code increase(schemagate_failures_total[5m]) > 0} must fire on the first DISK_FULL, which it cannot when the
     * series only appears with it.
     */
    @Test
    void everyFailedAndErrorCodeOfTheProtocolIsExportedAtZeroFromTheStart() throws Exception {
        String protocol = Files.readString(RepoRoot.path().resolve("protocol/PROTOCOL.md"));
        int failedAt = protocol.indexOf("FAILED codes (");
        int errorAt = protocol.indexOf("ERROR codes (");
        List<String> failed = codesIn(protocol.substring(failedAt, errorAt));
        List<String> errors = codesIn(protocol.substring(errorAt));
        assertThat(failed)
                .as("FAILED codes in PROTOCOL.md")
                .contains(
                        "MIGRATION_FAILED",
                        "BAD_MIGRATION_FILES",
                        "NOT_ADOPTED",
                        "LOCK_TIMEOUT",
                        "INTERNAL_ERROR",
                        "DISK_FULL",
                        "IO_ERROR",
                        "READ_ONLY",
                        "SNAPSHOT_FAILED");
        assertThat(errors).as("ERROR codes in PROTOCOL.md").contains("BAD_MESSAGE", "FORBIDDEN");
        Map<String, Double> series = Scrape.parse(send("GET", "/metrics", null).body());
        assertThat(failed.stream()
                        .filter(code -> !Double.valueOf(0)
                                .equals(series.get("schemagate_failures_total{code=\"" + code + "\"}")))
                        .toList())
                .as("FAILED codes without a schemagate_failures_total series at 0")
                .isEmpty();
        assertThat(errors.stream()
                        .filter(code -> !Double.valueOf(0)
                                .equals(series.get("schemagate_rejected_connections_total{reason=\"" + code + "\"}")))
                        .toList())
                .as("ERROR codes without a schemagate_rejected_connections_total series at 0")
                .isEmpty();
    }

    private static List<String> codesIn(String markdown) {
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(markdown);
        List<String> codes = new java.util.ArrayList<>();
        while (row.find()) {
            codes.add(row.group(1));
        }
        return codes;
    }

    /**
     * The metric names and types are a contract (dashboards, alert rules): they are pinned here as literals, once,
     * and compared with both the scrape and {@link MetricNames}, so renaming a constant cannot rename a metric
     * unnoticed and a new family must be added here on purpose.
     */
    @Test
    void everyMetricNameAndTypeIsPinnedAndExportedWithHelpText() throws Exception {
        Map<String, String> pinned = new TreeMap<>(Map.ofEntries(
                Map.entry("schemagate_state", "gauge"),
                Map.entry("schemagate_schema_version", "gauge"),
                Map.entry("schemagate_migrations_pending", "gauge"),
                Map.entry("schemagate_migrations_applied_total", "counter"),
                Map.entry("schemagate_failures_total", "counter"),
                Map.entry("schemagate_migration_duration_seconds", "histogram"),
                Map.entry("schemagate_migration_duration_seconds_max", "gauge"),
                Map.entry("schemagate_lock_wait_seconds", "histogram"),
                Map.entry("schemagate_lock_wait_seconds_max", "gauge"),
                Map.entry("schemagate_lock_attempts_total", "counter"),
                Map.entry("schemagate_agents_connected", "gauge"),
                Map.entry("schemagate_agents_waiting", "gauge"),
                Map.entry("schemagate_agent_wait_seconds", "histogram"),
                Map.entry("schemagate_agent_wait_seconds_max", "gauge"),
                Map.entry("schemagate_rejected_connections_total", "counter"),
                Map.entry("schemagate_snapshot_seconds", "histogram"),
                Map.entry("schemagate_snapshot_seconds_max", "gauge"),
                Map.entry("schemagate_snapshot_bytes", "gauge"),
                Map.entry("schemagate_build_info", "gauge"),
                Map.entry("process_cpu_seconds_total", "counter"),
                Map.entry("system_cpu_processors", "gauge")));
        String body = send("GET", "/metrics", null).body();

        Map<String, String> exported = new TreeMap<>();
        Matcher type = Pattern.compile(
                        "(?m)^# TYPE ((?:schemagate_|process_cpu_seconds|system_cpu_processors)\\S*)" + " (\\S+)$")
                .matcher(body);
        while (type.find()) {
            exported.put(type.group(1), type.group(2));
        }
        assertThat(exported).isEqualTo(pinned);
        for (String name : pinned.keySet()) {
            assertThat(body).as(name).containsPattern("(?m)^# HELP " + name + " \\S");
        }
        assertThat(body).doesNotContain("process_cpu_time_ns_total").doesNotContain("system_cpu_count");
        assertThat(MetricNames.SCHEMAGATE)
                .containsExactlyInAnyOrderElementsOf(pinned.keySet().stream()
                        .filter(n -> n.startsWith("schemagate_") && !n.endsWith("_max"))
                        .toList());
        assertThat(MetricNames.HISTOGRAMS)
                .containsExactlyInAnyOrder(
                        "schemagate_migration_duration_seconds",
                        "schemagate_lock_wait_seconds",
                        "schemagate_agent_wait_seconds",
                        "schemagate_snapshot_seconds");
        assertThat(List.of(MetricNames.PROCESS_CPU_SECONDS, MetricNames.SYSTEM_CPU_PROCESSORS))
                .containsExactly("process_cpu_seconds_total", "system_cpu_processors");
    }

    @Test
    void theStateGaugeAndVersionFollowTheStatesTheMetricsAreTold() throws Exception {
        metrics.changed(state(Phase.READY, "10.1"));
        String body = send("GET", "/metrics", null).body();
        assertThat(Scrape.parse(body))
                .containsEntry("schemagate_state{state=\"READY\"}", 1.0)
                .containsEntry("schemagate_state{state=\"STARTING\"}", 0.0)
                .containsEntry("schemagate_schema_version", 10.1);
    }

    @Test
    void versionsAreNumbersWhenTheyHaveAtMostTwoParts() {
        assertThat(DaemonMetrics.versionNumber(null)).isEqualTo(0.0);
        assertThat(DaemonMetrics.versionNumber(MigrationVersion.parse("10"))).isEqualTo(10.0);
        assertThat(DaemonMetrics.versionNumber(MigrationVersion.parse("10.1"))).isEqualTo(10.1);
        assertThat(DaemonMetrics.versionNumber(MigrationVersion.parse("007_2"))).isEqualTo(7.2);
        // The documented trap: a decimal cannot tell 1.10 from 1.1.
        assertThat(DaemonMetrics.versionNumber(MigrationVersion.parse("1.10"))).isEqualTo(1.1);
        assertThat(DaemonMetrics.versionNumber(MigrationVersion.parse("1.2.3"))).isNaN();
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        HttpResponse<String> missing = send("GET", "/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("not found; try /metrics, /healthz, /readyz or /status\n");
        for (String path : new String[] {"/metrics", "/healthz", "/readyz", "/status"}) {
            HttpResponse<String> post = send("POST", path, null);
            assertThat(post.statusCode()).as(path).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).as(path).hasValue("GET");
        }
        assertThat(send("DELETE", "/metrics", null).statusCode()).isEqualTo(405);
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnectionAndConnectionCloseEndsIt() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String both = readUntil(socket.getInputStream(), "STARTING\n");
            assertThat(both)
                    .startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("\r\n\r\nok\n")
                    .contains("HTTP/1.1 503 Service Unavailable\r\n")
                    .doesNotContain("connection: close");
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String last = readToEnd(socket.getInputStream());
            assertThat(last).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok\n");
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheResponse() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /healthz HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(socket.getInputStream()))
                    .contains(" 200 OK\r\n")
                    .endsWith("ok\n");
        }
    }

    @Test
    void anOverlongRequestLineIsRefusedAndTheConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("GET /" + "a".repeat(MetricsHttpServer.MAX_INITIAL_LINE + 10)
                                    + " HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = readToEnd(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void aBodyOverTheBoundIsRefusedWith413() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream()
                    .write(("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MetricsHttpServer.MAX_BODY + 1)
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = readUntil(socket.getInputStream(), "\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
        }
    }

    @Test
    void aBusyPortFailsWithTheAddressAndWhatToDo() {
        InetSocketAddress taken = http.address();
        assertThatThrownBy(() -> MetricsHttpServer.start(taken, metrics, state::get))
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageStartingWith("schemagate: cannot serve metrics on 127.0.0.1:" + taken.getPort() + ": ")
                .hasMessageContaining("Action: pick a free address with --metrics HOST:PORT, or turn the endpoint off"
                        + " with --metrics off.");
    }

    Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", http.address().getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).contains(end)) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before '" + end + "'; got: " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** Everything until the server closes; a read timeout means it kept the connection open. */
    static String readToEnd(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + WAIT, e);
        }
    }
}
