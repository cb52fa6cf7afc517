package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.CliWorkspace;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate --dry-run} runs the batch for real and rolls it back: the report comes from the transaction, the
 * exit code is the real run's, and the database file is byte-for-byte what it was.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DryRunIT {
    @TempDir
    Path dir;

    private CliWorkspace cli;

    @BeforeEach
    void workspace() {
        cli = new CliWorkspace(dir);
    }

    private void appliedUsersAndOld() {
        Sqlite.write(
                cli.migrations(),
                "V1__users.sql",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
                        + "CREATE TABLE old (x);\nINSERT INTO users (name) VALUES ('a'), ('b'), ('c');\n");
        assertThat(cli.run("migrate").exitCode()).isZero();
    }

    @Test
    void reportsWhatEachMigrationDidThenLeavesTheFileByteForByteUnchanged() throws Exception {
        appliedUsersAndOld();
        Sqlite.write(
                cli.migrations(),
                "V2__orders.sql",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY,"
                        + " user_id INTEGER REFERENCES users (id));\nINSERT INTO orders (user_id) SELECT id FROM users;\n"
                        + "CREATE INDEX orders_user ON orders (user_id);\n");
        Sqlite.write(
                cli.migrations(),
                "V3__reshape.sql",
                "DROP TABLE old;\nALTER TABLE users ADD COLUMN email TEXT;\n"
                        + "UPDATE users SET email = name || '@example.org' WHERE name <> 'c';\n");
        String before = cli.hash();

        Result r = cli.run("migrate", "--dry-run");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout().replaceAll("\\d+ ms", "N ms"))
                .isEqualTo("  V2__orders.sql  N ms\n"
                        + "    created index orders_user\n"
                        + "    created table orders\n"
                        + "    rows changed: 3\n"
                        + "  V3__reshape.sql  N ms\n"
                        + "    altered table users\n"
                        + "    dropped table old\n"
                        + "    rows changed: 2\n"
                        + "schemagate: dry run: 2 migrations would take " + cli.db()
                        + " from version 1 to 3; all ran and"
                        + " passed the foreign-key check, then were rolled back: nothing changed\n");
        assertThat(cli.hash()).isEqualTo(before);
        assertThat(Sqlite.history(cli.db())).containsExactly("1");

        Result json = cli.run("migrate", "--dry-run", "--json");
        JsonNode root = new ObjectMapper().readTree(json.stdout());
        assertThat(root.get("ok").asBoolean()).isTrue();
        assertThat(root.get("migrations").get(1).get("dropped").get(0).asText()).isEqualTo("table old");
        assertThat(cli.hash()).isEqualTo(before);

        assertThat(cli.run("migrate").exitCode())
                .as("the real run does the same")
                .isZero();
        assertThat(Sqlite.rows(cli.db(), "SELECT count(*) FROM users WHERE email IS NOT NULL"))
                .containsExactly("2");
    }

    @Test
    void aForeignKeyViolationFailsTheDryRunWith70AsTheRealRunWould() throws Exception {
        appliedUsersAndOld();
        Sqlite.write(
                cli.migrations(),
                "V2__orders.sql",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY,"
                        + " user_id INTEGER REFERENCES users (id));\nINSERT INTO orders (user_id) VALUES (99);\n");
        String before = cli.hash();

        Result r = cli.run("migrate", "--dry-run");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(70);
        assertThat(r.stdout())
                .contains("V2__orders.sql")
                .contains("created table orders")
                .contains("failed after 1");
        assertThat(r.stderr()).contains("foreign key violation").contains("rolled back");
        assertThat(cli.hash()).isEqualTo(before);
    }

    @Test
    void driftFailsTheDryRunWith65AndANewDatabaseIsNotLeftBehind() throws Exception {
        appliedUsersAndOld();
        Sqlite.write(cli.migrations(), "V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        String before = cli.hash();

        assertThat(cli.run("migrate", "--dry-run").exitCode()).isEqualTo(65);
        assertThat(cli.hash()).isEqualTo(before);

        Files.delete(cli.db());
        Result fresh = cli.run("migrate", "--dry-run");
        assertThat(fresh.exitCode()).as("%s", fresh).isZero();
        assertThat(fresh.stdout()).contains("created table users");
        assertThat(cli.db()).doesNotExist();
    }

    @Test
    void aFailedDryRunReportsItsExitCodeInJsonAndJsonWithoutDryRunIsAUsageError() throws Exception {
        appliedUsersAndOld();
        Sqlite.write(cli.migrations(), "V2__broken.sql", "CREATE TABLE t (x);\nINSERT INTO nope VALUES (1);\n");
        String before = cli.hash();

        Result r = cli.run("migrate", "--dry-run", "--json");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(70);
        JsonNode root = new ObjectMapper().readTree(r.stdout());
        assertThat(root.get("ok").asBoolean()).isFalse();
        assertThat(root.get("exitCode").asInt()).isEqualTo(70);
        assertThat(root.get("error").asText()).contains("V2__broken.sql").contains("no such table: nope");
        assertThat(cli.hash()).isEqualTo(before);

        Result noDryRun = cli.run("migrate", "--json");
        assertThat(noDryRun.exitCode()).as("%s", noDryRun).isEqualTo(64);
        assertThat(noDryRun.stderr()).contains("--json goes with --dry-run");
        assertThat(Sqlite.history(cli.db())).as("nothing ran").containsExactly("1");
    }
}
