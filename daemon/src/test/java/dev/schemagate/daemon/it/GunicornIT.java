package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.FlaskPython;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.RepoRoot;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario schemagate was built for, with the real thing: the Flask CMS in {@code examples/gunicorn} on real
 * gunicorn with 4 workers, started at the same moment as the daemon on a fresh database, gated by the JVM-free
 * Python waiter in gunicorn's {@code on_starting} hook; and the systemd wiring of the same waiter.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GunicornIT {
    static final Path EXAMPLE = RepoRoot.path().resolve("examples/gunicorn");
    static final int WORKERS = 4;
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static final List<String> CMS_TABLES = List.of("notes", "sessions", "tokens");

    @TempDir
    Path dir;

    Path db;
    Path socket;
    Path migrations;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void copyMigrations() throws IOException {
        db = dir.resolve("cms.db");
        socket = dir.resolve("sg.sock");
        migrations = dir.resolve("migrations");
        Files.createDirectories(migrations);
        try (Stream<Path> files = Files.list(EXAMPLE.resolve("migrations"))) {
            for (Path f : files.toList()) {
                Files.copy(f, migrations.resolve(f.getFileName()));
            }
        }
    }

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void fourWorkersStartedWithTheDaemonServeTheirFirstRequestsOnTheCompleteSchema() throws Exception {
        Path http = dir.resolve("cms.sock");
        SchemagateProcess daemon;
        Process gunicorn;
        // The sqlite3 shell holds the write lock, so gunicorn is certainly up before the schema is: the race is made.
        try (LockHoldingShell holder = LockHoldingShell.hold(db)) {
            daemon = daemon();
            gunicorn = gunicorn(http);
            awaitDaemonLocking();
            assertThat(gunicorn.isAlive()).as(log()).isTrue();
            assertThat(gunicorn.children()).as("workers forked before READY").isEmpty();
            assertThat(http).as("gunicorn bound its address before READY").doesNotExist();
            holder.release();

            Map<Long, JsonNode> byPid = new HashMap<>();
            long until = System.nanoTime() + DEADLINE.toNanos();
            while (byPid.size() < WORKERS && System.nanoTime() < until && gunicorn.isAlive()) {
                JsonNode answer = Files.exists(http) ? getOnceListening(http, "/") : null;
                if (answer != null) {
                    JsonNode worker = answer.get("worker");
                    byPid.putIfAbsent(worker.get("pid").asLong(), worker);
                } else {
                    Thread.onSpinWait();
                }
            }
            assertThat(byPid).as("distinct workers that answered\n" + log()).hasSize(WORKERS);
            List<Long> children =
                    gunicorn.children().map(ProcessHandle::pid).sorted().toList();
            assertThat(byPid.keySet())
                    .as("answers came from gunicorn's own workers")
                    .containsExactlyInAnyOrderElementsOf(children);
            for (JsonNode worker : byPid.values()) {
                assertThat(worker.get("version").asText()).as(worker.toString()).isEqualTo("3");
                assertThat(texts(worker.get("tables"))).as(worker.toString()).containsAll(CMS_TABLES);
            }
            assertThat(get(http, "/notes").get("notes").get(0).get("title").asText())
                    .isEqualTo("Welcome");
        }
        // applied_by is host:pid of the process that ran the migration.
        assertThat(Sqlite.rows(
                        db, "SELECT version, substr(applied_by, instr(applied_by, ':') + 1) FROM schemagate_history"))
                .as("the daemon applied each migration once; no worker did")
                .containsExactly("1|" + daemon.pid(), "2|" + daemon.pid(), "3|" + daemon.pid());
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
                .as("no table but those of the migrations and schemagate's history")
                .containsExactly("notes", "schemagate_history", "sessions", "tokens");
        assertThat(log()).contains("schemagate: schema ready at version 3");
    }

    @Test
    void aBrokenMigrationKeepsGunicornFromStartingWithFileLineAndReasonInItsLog() throws Exception {
        Sqlite.write(
                migrations,
                "003_sessions.sql",
                "-- Logged-in sessions\nCREATE TABLE sessions (id TEXT PRIMARY KEY);\n\n"
                        + "INSERT INTO sessions (id) VALUES ('a');\nINSERT INTO nope VALUES (1);\n");
        Path http = dir.resolve("cms.sock");
        daemon();
        Process gunicorn = gunicorn(http);

        assertThat(gunicorn.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("gunicorn still running\n" + log())
                .isTrue();
        assertThat(gunicorn.exitValue()).as(log()).isEqualTo(70);
        assertThat(log())
                .contains("003_sessions.sql")
                .contains("line 5")
                .contains("no such table: nope")
                .doesNotContain("Booting worker");
        assertThat(http).doesNotExist();
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema"))
                .as("the batch was rolled back")
                .isEmpty();
    }

    @Test
    void thePythonWaitersOwnTestsPassAgainstARealDaemon() throws Exception {
        Path out = dir.resolve("unittest.out");
        ProcessBuilder pb = new ProcessBuilder(
                        FlaskPython.python().toString(), "-m", "unittest", "-v", "test_schemagate_wait")
                .directory(EXAMPLE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("SCHEMAGATE_JAR", SchemagateProcess.jar().toString());
        pb.environment().put("JAVA", SchemagateProcess.javaBinary());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        started.add(p);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
        String report = Files.readString(out);
        assertThat(p.exitValue()).as(report).isZero();
        assertThat(report).containsPattern("Ran [1-9]\\d* tests").endsWith("OK\n");
    }

    @Test
    void theSystemdUnitVerifiesAndItsExecStartPreWaitsForTheDaemon() throws Exception {
        Path units = Files.createDirectories(dir.resolve("units"));
        Files.copy(EXAMPLE.resolve("cms.service"), units.resolve("cms.service"));
        Files.copy(RepoRoot.path().resolve("deploy/schemagate.service"), units.resolve("schemagate.service"));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", "schemagate.service", "cms.service")
                .directory(units.toFile())
                .redirectOutput(dir.resolve("verify.out").toFile())
                .redirectError(dir.resolve("verify.err").toFile())
                .start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("verify.err")))
                .as("systemd-analyze verify stderr")
                .isEmpty();
        assertThat(verify.exitValue()).isZero();

        String unit = Files.readString(EXAMPLE.resolve("cms.service"));
        assertThat(unit).contains("\nRequires=schemagate.service\n").contains("\nAfter=schemagate.service\n");
        Matcher pre = Pattern.compile("(?m)^ExecStartPre=(.+)$").matcher(unit);
        assertThat(pre.find()).as("cms.service has an ExecStartPre= line").isTrue();
        // The unit's own command line, pointed at this test's copy of the files and this test's daemon.
        List<String> command = List.of(pre.group(1)
                .replace("/opt/cms/", EXAMPLE + "/")
                .replace("/run/schemagate/schemagate.sock", socket.toString())
                .split(" "));
        Process early = start(command, "pre-early");
        daemon();
        assertThat(early.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(early.exitValue()).as(read("pre-early")).isZero();
        assertThat(read("pre-early")).contains("schemagate: schema ready at version 3 after ");
    }

    private SchemagateProcess daemon() {
        SchemagateProcess p = SchemagateProcess.start(
                dir,
                "daemon",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString(),
                "--socket",
                socket.toString(),
                "--metrics",
                "off");
        started.add(p.process());
        return p;
    }

    private Process gunicorn(Path http) throws IOException {
        return start(
                List.of(
                        FlaskPython.gunicorn().toString(),
                        "--config",
                        EXAMPLE.resolve("gunicorn.conf.py").toString(),
                        "--chdir",
                        EXAMPLE.toString(),
                        "--workers",
                        Integer.toString(WORKERS),
                        "--bind",
                        "unix:" + http,
                        "app:app"),
                "gunicorn");
    }

    private Process start(List<String> command, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SCHEMAGATE_SOCKET", socket.toString());
        pb.environment().put("SCHEMAGATE_TIMEOUT", "120s");
        pb.environment().put("CMS_DB", db.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    private String log() {
        try {
            return "--- gunicorn's log ---\n" + read("gunicorn");
        } catch (IOException e) {
            return "(no gunicorn log: " + e + ")";
        }
    }

    /** The daemon says LOCKING to a client (the lock is held by the test's sqlite3 shell). */
    private void awaitDaemonLocking() throws Exception {
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try (RawClient client = RawClient.connect(socket)) {
                client.send("HELLO v=1 app=gunicorn-it\n");
                for (String line = client.readLine(DEADLINE); line != null; line = client.readLine(DEADLINE)) {
                    if (line.startsWith("STATE state=LOCKING")) {
                        return;
                    }
                }
            } catch (IOException notYetListening) {
                assertThat(System.nanoTime())
                        .as("the daemon never listened on " + socket)
                        .isLessThan(until);
                Thread.sleep(50);
            }
        }
    }

    /**
     * A GET, or null while gunicorn's socket file exists but is not listening yet: its arbiter binds the file before
     * it calls listen(), and a connect in between is refused.
     */
    private static JsonNode getOnceListening(Path http, String path) throws IOException {
        try {
            return get(http, path);
        } catch (ConnectException boundButNotListening) {
            return null;
        }
    }

    /** One HTTP/1.0 GET over gunicorn's Unix socket; the body as JSON. */
    private static JsonNode get(Path http, String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(http));
            ch.write(ByteBuffer.wrap(
                    ("GET " + path + " HTTP/1.0\r\nHost: cms\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                response.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String text = response.toString(StandardCharsets.UTF_8);
            assertThat(text).as("response to GET " + path).startsWith("HTTP/1.0 200");
            return new ObjectMapper().readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
