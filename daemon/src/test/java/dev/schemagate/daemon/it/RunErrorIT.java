package dev.schemagate.daemon.it;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies of an Error (here a real OutOfMemoryError: a 40 MB migration in a daemon with a 48 MB heap) must
 * still end in a verdict: FAILED INTERNAL_ERROR to every agent, the daemon still serving, and a reload after the fix
 * brings READY.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunErrorIT {
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

    static void writeHugeMigration(Path file) throws Exception {
        // ~40 MB of short statements: reading, decoding and splitting them needs several times the 48 MB heap.
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("CREATE TABLE big(x);\n");
            for (int i = 0; i < 1_400_000; i++) {
                out.write("INSERT INTO big VALUES (1);\n");
            }
        }
        assertThat(Files.size(file)).isGreaterThan(38_000_000L);
    }

    @Test
    void anOutOfMemoryErrorInARunIsAFailedVerdictAndTheDaemonKeepsServing() throws Exception {
        Path migrations = dir.resolve("migrations");
        Path socket = dir.resolve("sg.sock");
        write(migrations, "V1__a.sql", "CREATE TABLE a(x);");
        writeHugeMigration(migrations.resolve("V2__huge.sql"));
        daemon = SchemagateProcess.start(
                dir,
                List.of("-Xmx48m", "-XX:+UseSerialGC"),
                "daemon",
                "--db",
                dir.resolve("app.db").toString(),
                "--migrations",
                migrations.toString(),
                "--socket",
                socket.toString(),
                "--metrics",
                "off");
        await().atMost(WAIT).until(() -> daemon.stderr().contains("listening on " + socket));
        try (RawClient client = RawClient.connect(socket)) {
            client.send("HELLO v=1 app=oom\n");
            List<String> lines = client.readUntilVerdict(WAIT);
            assertThat(lines)
                    .as(daemon::stderr)
                    .last()
                    .asString()
                    .startsWith("FAILED code=INTERNAL_ERROR message=")
                    .contains("java.lang.OutOfMemoryError")
                    .contains("action=");
        }
        assertThat(daemon.stderr()).contains("java.lang.OutOfMemoryError").contains("\tat "); // the stack trace
        assertThat(daemon.process().isAlive()).as("the daemon keeps serving").isTrue();
        try (RawClient again = RawClient.connect(socket)) {
            again.send("HELLO v=1 app=again\n");
            assertThat(again.readUntilVerdict(WAIT)).last().asString().startsWith("FAILED code=INTERNAL_ERROR ");
        }
        assertThat(Sqlite.rows(dir.resolve("app.db"), "SELECT name FROM sqlite_schema WHERE name = 'big'"))
                .isEmpty();

        write(migrations, "V2__huge.sql", "CREATE TABLE big(x);");
        daemon.signal("HUP");
        await().atMost(WAIT).until(() -> daemon.stderr().contains("SIGHUP: "));
        try (RawClient fixed = RawClient.connect(socket)) {
            fixed.send("HELLO v=1 app=fixed\n");
            assertThat(fixed.readUntilVerdict(WAIT)).as(daemon::stderr).last().isEqualTo("READY version=2 applied=2");
        }
    }
}
