package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations folder cannot be listed by the user schemagate runs as (root reads everything, so migrate and the
 * daemon run as uid 65534 through setpriv): both say so with the same code, 65 / BAD_MIGRATION_FILES, and the
 * daemon migrates once the folder is readable and it is reloaded.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UnreadableFolderIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NOBODY = "65534";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void migrateAndTheDaemonNameTheUnreadableFolderAndTheDaemonRecovers() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = ownedByNobody("data");
        Path run = ownedByNobody("run");
        Path migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__first.sql", "CREATE TABLE first (x);\n");
        Files.setPosixFilePermissions(migrations, PosixFilePermissions.fromString("---------"));
        Path db = data.resolve("app.db");

        Process migrate = asNobody("migrate", "--db", db.toString(), "--migrations", migrations.toString());
        assertThat(migrate.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String migrateErr = Files.readString(dir.resolve("out/nobody-1.err"));
        assertThat(migrate.exitValue()).as(migrateErr).isEqualTo(65);
        assertThat(migrateErr)
                .contains("cannot read migrations folder " + migrations)
                .contains("permission denied")
                .contains("let user nobody read and enter the folder");

        Path socket = run.resolve("sg.sock");
        Process daemon = asNobody(
                "daemon",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString(),
                "--socket",
                socket.toString(),
                "--metrics",
                "off");
        Result failed = waitFor(socket);
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(65);
        assertThat(failed.stderr()).contains("BAD_MIGRATION_FILES").contains("permission denied");

        Files.setPosixFilePermissions(migrations, PosixFilePermissions.fromString("rwxr-xr-x"));
        await().atMost(DEADLINE)
                .until(() -> Files.readString(dir.resolve("out/nobody-2.err")).contains("signal handlers installed"));
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid()))
                        .start()
                        .waitFor())
                .isZero();
        Result ready = waitFor(socket);
        assertThat(ready.exitCode()).as("%s", ready).isZero();
        assertThat(Sqlite.history(db)).containsExactly("1");
    }

    private Path ownedByNobody(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        assertThat(new ProcessBuilder("chown", NOBODY + ":" + NOBODY, folder.toString())
                        .start()
                        .waitFor())
                .isZero();
        return folder;
    }

    /** {@code setpriv --reuid=65534 ... java -jar schemagate.jar args}, output in out/nobody-N.{out,err}. */
    private Process asNobody(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                SchemagateProcess.javaBinary(),
                "-jar",
                SchemagateProcess.jar().toString()));
        command.addAll(List.of(args));
        Path out = Files.createDirectories(dir.resolve("out"));
        int n = started.size() + 1;
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.resolve("nobody-" + n + ".out").toFile())
                .redirectError(out.resolve("nobody-" + n + ".err").toFile())
                .start();
        started.add(p);
        return p;
    }

    private Result waitFor(Path socket) {
        return SchemagateProcess.start(dir.resolve("out"), "wait", "--socket", socket.toString(), "--timeout", "60s")
                .await(DEADLINE);
    }
}
