package dev.schemagate.daemon.systemd;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.Executables;
import dev.schemagate.daemon.testing.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon started by systemd-socket-activate: it inherits the listening socket as fd 3 (blocking, as
 * systemd-socket-activate cannot set NonBlocking=yes), serves on it, and leaves the socket file to its owner.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketActivationIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theJarServesOnTheSocketSystemdPassesIn() throws Exception {
        Path activate = Executables.onPath("systemd-socket-activate", "apt-get install -y systemd");
        Path jar = Path.of(System.getProperty("schemagate.jar", "target/schemagate.jar"))
                .toAbsolutePath();
        assertThat(jar).exists();
        Path socket = dir.resolve("sg.sock");
        write(dir.resolve("migrations"), "V1__a.sql", "CREATE TABLE a(x);");
        Path log = dir.resolve("daemon.log");
        Process process = new ProcessBuilder(List.of(
                        activate.toString(),
                        "-l",
                        socket.toString(),
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "daemon",
                        "--db",
                        dir.resolve("app.db").toString(),
                        "--migrations",
                        dir.resolve("migrations").toString(),
                        "--socket",
                        socket.toString(),
                        "--metrics",
                        "127.0.0.1:0")) // an ephemeral port: other tests run at the same time
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            // Its "Listening on" line comes after listen(); the socket file exists from bind(), a moment earlier.
            await().atMost(WAIT).until(() -> read(log).contains("Listening on " + socket));
            // The first connection makes systemd-socket-activate start the daemon; it waits in the backlog meanwhile.
            for (String app : List.of("first", "second")) {
                try (RawClient client = RawClient.connect(socket)) {
                    client.send("HELLO v=1 app=" + app + " pid=1\n");
                    assertThat(client.readLine(WAIT)).as(() -> read(log)).startsWith("WELCOME v=1 daemon=");
                    String line;
                    do {
                        line = client.readLine(WAIT);
                    } while (line != null && line.startsWith("STATE "));
                    assertThat(line).isEqualTo("READY version=1 applied=1");
                }
            }
            assertThat(read(log))
                    .contains("serving on the socket systemd passed in (fd 3)")
                    .contains("the socket-activated fd 3 was blocking; switched it to non-blocking")
                    .doesNotContain("listening on");
        } finally {
            process.destroy(); // SIGTERM, as systemctl stop
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as(() -> read(log))
                    .isTrue();
        }
        // 0 is the daemon's own clean stop; the JVM's default SIGTERM exit (143) would mean no handler ran.
        assertThat(process.exitValue()).as(() -> read(log)).isZero();
        assertThat(socket).as("the socket belongs to whoever passed it in").exists();
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
