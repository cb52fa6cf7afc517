package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests use the {@code sqlite3} shell as an oracle, but schemagate itself must not need it (nor any other
 * program): SQLite comes inside the jar. Run with an empty PATH, so that any tool it tried to start is missing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoSqliteShellIT {
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    @Test
    void migrateAndStatusRunWithNothingOnPath() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY);\n");
        Path emptyPath = Files.createDirectories(dir.resolve("empty-bin"));
        Map<String, String> env = Map.of("PATH", emptyPath.toString());

        Result migrate = SchemagateProcess.start(
                        dir.resolve("out"),
                        env,
                        "migrate",
                        "--db",
                        db.toString(),
                        "--migrations",
                        migrations.toString())
                .await(DEADLINE);
        assertThat(migrate.exitCode()).as("%s", migrate).isZero();
        assertThat(Sqlite.history(db)).containsExactly("1");

        Result status = SchemagateProcess.start(
                        dir.resolve("out"), env, "status", "--db", db.toString(), "--migrations", migrations.toString())
                .await(DEADLINE);
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout().lines().toList())
                .last()
                .isEqualTo(db + ": version 1, 0 pending, 0 problems, 0 missing");
    }
}
