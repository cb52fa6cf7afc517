package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.CliWorkspace;
import dev.schemagate.daemon.testing.FileSystemFaults;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adopting existing databases from the command line: NOT_ADOPTED, baseline, and import from the home-grown seed
 * runner and golang-migrate, whose tables the real sqlite3 shell creates from their documented schema.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdoptionCliIT {
    /** The seed runner's table, as its runner created it. */
    private static final String SEED_TABLE = "CREATE TABLE schema_migrations (\n"
            + "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
            + "    migration_name TEXT NOT NULL UNIQUE,\n"
            + "    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n"
            + ");\n";

    /** golang-migrate's sqlite3 driver: CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool). */
    private static final String GOLANG_MIGRATE_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);\n"
                    + "CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);\n";

    @TempDir
    Path dir;

    private CliWorkspace cli;

    @BeforeEach
    void workspace() {
        cli = new CliWorkspace(dir);
    }

    private void sqlite3(String script) throws Exception {
        Path file = Files.writeString(dir.resolve("script-" + System.nanoTime() + ".sql"), script);
        Sqlite3.run(cli.db(), file);
    }

    private void seedStyleApp() throws Exception {
        Sqlite.write(
                cli.migrations(),
                "001_initial_schema.sql",
                "CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT);\n");
        Sqlite.write(
                cli.migrations(), "002_add_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n");
        sqlite3(
                SEED_TABLE
                        + "CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT);\n"
                        + "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n"
                        + "INSERT INTO schema_migrations (migration_name, applied_at) VALUES"
                        + " ('001_initial_schema.sql', '2025-03-01 10:00:00'), ('002_add_users.sql', '2025-04-02 11:30:00');\n");
    }

    @Test
    void migrateRefusesAnUnadoptedDatabaseWith65ListingTablesAndTheCommand() throws Exception {
        seedStyleApp();
        List<String> schemaBefore = Sqlite.rows(cli.db(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name");

        Result r = cli.run("migrate");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(65);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("schemagate: " + cli.db()
                        + " has 3 tables but no schemagate_history: schemagate does not know"
                        + " which migrations it already holds, and will not run them on it blindly. Nothing was applied.\n"
                        + "  tables: pages, schema_migrations, users\n"
                        + "  history of another tool: schema_migrations (the seed runner; import --from seed)\n"
                        + "Action: take over the seed runner's history with 'schemagate import --db "
                        + cli.db() + " --migrations " + cli.migrations() + " --from seed', or record a baseline with"
                        + " 'schemagate baseline --db " + cli.db() + " --migrations " + cli.migrations()
                        + " --version V'; then"
                        + " run schemagate again (see README, \"Adopting an existing database\").\n");
        assertThat(Sqlite.rows(cli.db(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
                .isEqualTo(schemaBefore);
        assertThat(cli.run("validate").exitCode()).isEqualTo(65);
    }

    @Test
    void importFromTheSeedRunnerMatchesFileNamesThenMigrateAppliesOnlyTheNewFile() throws Exception {
        seedStyleApp();
        Sqlite.write(cli.migrations(), "003_add_tags.sql", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n");

        Result imported = cli.run("import");

        assertThat(imported.exitCode()).as("%s", imported).isZero();
        assertThat(imported.stdout())
                .contains("imported 2 rows from schema_migrations (seed)")
                .contains("now at version 2, 1 pending");
        assertThat(Sqlite.rows(
                        cli.db(), "SELECT version, script, applied_at, kind FROM schemagate_history ORDER BY rowid"))
                .containsExactly(
                        "1|001_initial_schema.sql|2025-03-01 10:00:00|imported",
                        "2|002_add_users.sql|2025-04-02 11:30:00|imported");

        Result migrated = cli.run("migrate");

        assertThat(migrated.exitCode()).as("%s", migrated).isZero();
        assertThat(migrated.stdout()).contains("applied 1 migration").contains("003_add_tags.sql");
        Result status = cli.run("status", "--json");
        JsonNode json = new ObjectMapper().readTree(status.stdout());
        assertThat(json.get("adopted").asBoolean()).isTrue();
        assertThat(json.get("migrations").findValuesAsText("kind")).containsExactly("imported", "imported", "applied");
        assertThat(Sqlite.rows(cli.db(), "SELECT count(*) FROM schema_migrations"))
                .as("the old table is left for the operator to drop")
                .containsExactly("2");
    }

    @Test
    void importFromGolangMigrateIsRefusedWhileDirtyAndTakesEveryFileUpToItsVersionOnceClean() throws Exception {
        Sqlite.write(cli.migrations(), "1_create_users.up.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        Sqlite.write(cli.migrations(), "2_create_orders.up.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
        Sqlite.write(cli.migrations(), "3_create_items.up.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n");
        sqlite3(GOLANG_MIGRATE_TABLE
                + "CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE TABLE orders (id INTEGER PRIMARY KEY);\n"
                + "INSERT INTO schema_migrations (version, dirty) VALUES (2, 1);\n");

        Result dirty = cli.run("import", "--from", "golang-migrate");

        assertThat(dirty.exitCode()).as("%s", dirty).isEqualTo(65);
        assertThat(dirty.stderr())
                .contains("golang-migrate marks version 2 dirty")
                .contains("'migrate force 2'")
                .contains("nothing was imported and schema_migrations is untouched");
        assertThat(Sqlite.rows(cli.db(), "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();

        sqlite3("UPDATE schema_migrations SET dirty = 0;\n");
        Result clean = cli.run("import", "--json");

        assertThat(clean.exitCode()).as("%s", clean).isZero();
        JsonNode json = new ObjectMapper().readTree(clean.stdout());
        assertThat(json.get("from").asText()).isEqualTo("golang-migrate");
        assertThat(json.get("rows").findValuesAsText("script"))
                .containsExactly("1_create_users.up.sql", "2_create_orders.up.sql");
        assertThat(json.get("pending").asInt()).isEqualTo(1);
        assertThat(cli.run("migrate").exitCode()).isZero();
        assertThat(Sqlite.rows(cli.db(), "SELECT name FROM sqlite_schema WHERE name = 'items'"))
                .hasSize(1);
    }

    @Test
    void baselineRecordsOneRowFilesUpToItNeverRunAndASecondAdoptionIsRefused() throws Exception {
        Sqlite.write(cli.migrations(), "V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        Sqlite.write(cli.migrations(), "V2__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
        Sqlite.write(cli.migrations(), "V3__items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY);\n");
        sqlite3("CREATE TABLE users (id INTEGER PRIMARY KEY);\nCREATE TABLE orders (id INTEGER PRIMARY KEY);\n");

        Result baseline = cli.run("baseline", "--version", "2");

        assertThat(baseline.exitCode()).as("%s", baseline).isZero();
        assertThat(Sqlite.rows(cli.db(), "SELECT version, script, kind FROM schemagate_history"))
                .containsExactly("2|<< baseline >>|baseline");
        Result status = cli.run("status");
        List<String> lines = status.stdout().lines().toList();
        assertThat(lines.get(1)).matches("1 +users +below-baseline *");
        assertThat(lines.get(2)).matches("2 +orders +baseline +\\S+ +0 +baseline");
        assertThat(lines.get(3)).matches("3 +items +pending *");

        Result migrated = cli.run("migrate");
        assertThat(migrated.exitCode()).as("%s", migrated).isZero();
        assertThat(migrated.stdout()).contains("applied 1 migration").contains("V3__items.sql");

        Result again = cli.run("baseline", "--version", "3");
        assertThat(again.exitCode()).as("%s", again).isEqualTo(65);
        assertThat(again.stderr()).contains("already has a schemagate history (2 rows, version 3)");
        Result importAgain = cli.run("import");
        assertThat(importAgain.exitCode()).isEqualTo(65);
        assertThat(cli.run("baseline", "--version", "x").exitCode()).isEqualTo(64);
    }

    @Test
    void baselineReportsAsJsonAndItsUsageErrorsExit64() throws Exception {
        Sqlite.write(cli.migrations(), "V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        Sqlite.write(cli.migrations(), "V2__orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
        sqlite3("CREATE TABLE users (id INTEGER PRIMARY KEY);\n");

        Result missing = cli.run("baseline");
        assertThat(missing.exitCode()).as("%s", missing).isEqualTo(64);
        assertThat(missing.stderr()).contains("baseline needs --version V");

        Result json = cli.run("baseline", "--version", "1", "--json");

        assertThat(json.exitCode()).as("%s", json).isZero();
        JsonNode root = new ObjectMapper().readTree(json.stdout());
        assertThat(root.get("database").asText()).isEqualTo(cli.db().toString());
        assertThat(root.get("from").isNull())
                .as("a baseline comes from no tool")
                .isTrue();
        assertThat(root.get("version").asText()).isEqualTo("1");
        assertThat(root.get("pending").asInt()).isEqualTo(1);
        assertThat(root.get("rows").findValuesAsText("kind")).containsExactly("baseline");
        assertThat(root.get("warnings")).isEmpty();
    }

    @Test
    void importExits64ForAnUnknownFormatAnd65WhenNoHistoryCanBeImported() throws Exception {
        Sqlite.write(cli.migrations(), "V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        sqlite3("CREATE TABLE users (id INTEGER PRIMARY KEY);\n");

        Result unknown = cli.run("import", "--from", "liquibase");
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(64);
        assertThat(unknown.stderr()).contains("--from 'liquibase' is not a format schemagate imports");

        Result none = cli.run("import", "--json");
        assertThat(none.exitCode()).as("%s", none).isEqualTo(65);
        assertThat(none.stdout()).as("a refusal prints no report").isEmpty();
        assertThat(none.stderr())
                .contains("holds no history schemagate can import")
                .contains("'schemagate baseline --version V'");
        assertThat(Sqlite.rows(cli.db(), "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();
    }

    @Test
    void aDatabaseThatCannotBeWrittenFailsTheAdoptionWith74NotAsAMigrationFailure() throws Exception {
        Sqlite.write(cli.migrations(), "V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        sqlite3("CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        Result baseline;
        try (FileSystemFaults faults = new FileSystemFaults()) {
            faults.immutable(cli.db());

            baseline = cli.run("baseline", "--version", "1");
        }

        assertThat(baseline.exitCode()).as("%s", baseline).isEqualTo(74);
        assertThat(baseline.stderr())
                .contains("the database cannot be written")
                .contains("while adopting it")
                .contains("no history was recorded");
        assertThat(Sqlite.rows(cli.db(), "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();
    }

    @Test
    void importWithTwoToolsHistoriesAndNoFromIsAUsageErrorThenFromChoosesOne() throws Exception {
        seedStyleApp();
        // Flyway's table on SQLite, as its SQLiteDatabase creates it (FINDINGS.md); empty: only its presence counts.
        sqlite3("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),"
                + " description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL,"
                + " checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TEXT NOT NULL,"
                + " execution_time INT NOT NULL, success BOOLEAN NOT NULL);\n");

        Result ambiguous = cli.run("import");

        assertThat(ambiguous.exitCode()).as("%s", ambiguous).isEqualTo(64);
        assertThat(ambiguous.stderr())
                .contains("holds the history of more than one tool")
                .contains("flyway_schema_history")
                .contains("schema_migrations")
                .contains("name the one to import with --from");
        assertThat(Sqlite.rows(cli.db(), "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();

        Result seed = cli.run("import", "--from", "seed");
        assertThat(seed.exitCode()).as("%s", seed).isZero();
        assertThat(Sqlite.history(cli.db())).containsExactly("1", "2");
    }
}
