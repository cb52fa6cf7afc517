package dev.schemagate.daemon.it;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.SchemagateProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The metrics endpoint has no authentication: what it may show, and where it may listen. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StatusDisclosureIT {
    static final String FILE_SECRET = "file-secret-7f3a9c";
    static final String ENV_SECRET = "env-secret-b81d22e5";

    @TempDir
    Path dir;

    @Test
    void statusShowsNoFileContentsAndNoEnvironment() throws Exception {
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        write(
                dir.resolve("migrations"),
                "V2__seed.sql",
                "CREATE TABLE b(x);\nINSERT INTO nope VALUES ('" + FILE_SECRET + "');");
        List<String> command = List.of(
                SchemagateProcess.javaBinary(),
                "-jar",
                SchemagateProcess.jar().toString(),
                "daemon",
                "--db",
                dir.resolve("app.db").toString(),
                "--migrations",
                dir.resolve("migrations").toString(),
                "--socket",
                dir.resolve("sg.sock").toString(),
                "--metrics",
                "127.0.0.1:0");
        Path err = dir.resolve("daemon.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("daemon.out").toFile())
                .redirectError(err.toFile());
        builder.environment().put("APP_DB_PASSWORD", ENV_SECRET);
        Process daemon = builder.start();
        try {
            Pattern serving = Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
            AtomicReference<String> port = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Matcher m = serving.matcher(read(err));
                if (m.find()) {
                    port.set(m.group(1));
                }
                return port.get() != null;
            });
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.get() + "/status"))
                    .build();
            AtomicReference<String> status = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                status.set(
                        http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                return status.get().contains("\"state\" : \"FAILED\"");
            });
            assertThat(status.get())
                    .contains("\"code\" : \"MIGRATION_FAILED\"")
                    .contains("V2__seed.sql")
                    .contains("statement: (in the daemon's log)")
                    .doesNotContain(FILE_SECRET)
                    .doesNotContain("INSERT INTO nope")
                    .doesNotContain(ENV_SECRET)
                    .doesNotContain("APP_DB_PASSWORD");
            for (String value : System.getenv().values()) {
                if (value.length() >= 12) { // shorter values ("1", "/root") could match by chance
                    assertThat(status.get()).as("an environment value").doesNotContain(value);
                }
            }
            // The operator still finds the statement where only the operator can read it.
            assertThat(read(err)).contains(FILE_SECRET);
        } finally {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
            daemon.destroyForcibly();
        }
    }

    @Test
    void aMetricsAddressOffLoopbackIsRefusedWith78UnlessMadePublicOnPurpose() {
        SchemagateProcess.Result r = SchemagateProcess.run(
                dir,
                Duration.ofSeconds(60),
                "daemon",
                "--db",
                dir.resolve("app.db").toString(),
                "--migrations",
                dir.resolve("migrations").toString(),
                "--socket",
                dir.resolve("sg.sock").toString(),
                "--metrics",
                "0.0.0.0:0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(78);
        assertThat(r.stderr())
                .contains("--metrics '0.0.0.0:0': not a loopback address, so /metrics and /status (which have no"
                        + " authentication) would be open to the network")
                .contains("--metrics-public");
        assertThat(dir.resolve("sg.sock")).doesNotExist();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
