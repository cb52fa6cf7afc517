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

/** README: settings come from a file named by {@code --config FILE} or {@code SCHEMAGATE_CONFIG}; the flag wins. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigFileCliIT {
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    @Test
    void configFlagAndEnvironmentVariableBothNameTheFileAndTheFlagWins() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY);\n");
        Path good = Files.writeString(dir.resolve("good.yaml"), "db: " + db + "\nmigrations: " + migrations + "\n");
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"), "db: " + db + "\nmigrations: " + migrations + "\nlock:\n  retries: many\n");

        // --config alone: the file supplies db and migrations, no other source does.
        Result fromFlag = run(Map.of(), "migrate", "--config", good.toString());
        assertThat(fromFlag.exitCode()).as("%s", fromFlag).isZero();
        assertThat(fromFlag.stdout()).startsWith("schemagate: applied 1 migration to " + db + "; now at version 1 (");
        assertThat(Sqlite.history(db)).containsExactly("1");

        // SCHEMAGATE_CONFIG alone is read: its bad value is reported with the file's name.
        Result fromEnv = run(Map.of("SCHEMAGATE_CONFIG", bad.toString()), "status");
        assertThat(fromEnv.exitCode()).as("%s", fromEnv).isEqualTo(78);
        assertThat(fromEnv.stdout()).isEmpty();
        assertThat(fromEnv.stderr())
                .isEqualTo("schemagate: invalid configuration (1 problem):\n  - " + bad.getFileName()
                        + ": lock.retries 'many': expected a whole number from 0 to 1000\n"
                        + "Action: correct the values above; nothing was changed.\n");

        // Both: --config wins, so the bad file named by the environment is never read.
        Result both = run(Map.of("SCHEMAGATE_CONFIG", bad.toString()), "status", "--config", good.toString());
        assertThat(both.exitCode()).as("%s", both).isZero();
        assertThat(both.stdout().lines().toList())
                .last()
                .isEqualTo(db + ": version 1, 0 pending, 0 problems, 0 missing");

        // A file that is not there is a configuration error naming it, not a silent fallback.
        Path missing = dir.resolve("nope.yaml");
        Result none = run(
                Map.of(),
                "status",
                "--config",
                missing.toString(),
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString());
        assertThat(none.exitCode()).as("%s", none).isEqualTo(78);
        assertThat(none.stderr())
                .startsWith("schemagate: invalid configuration (1 problem):\n  - config file " + missing
                        + ": cannot be read (java.nio.file.NoSuchFileException: " + missing + ")");
    }

    private Result run(Map<String, String> env, String... args) {
        return SchemagateProcess.start(dir.resolve("out"), env, args).await(DEADLINE);
    }
}
