package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's promises about the folder, through the real command line: the out-of-order and missing states in
 * {@code migrate}, {@code status} and {@code status --json}, and sub-folders that are never scanned.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrationStatesCliIT {
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir
    Path dir;

    private Path db;
    private Path migrations;

    @Test
    void outOfOrderAndMissingAreShownByStatusAndRefusedOrWarnedByMigrate() throws Exception {
        db = dir.resolve("app.db");
        migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY);\n");
        Sqlite.write(migrations, "V3__orders.sql", "CREATE TABLE orders(id INTEGER PRIMARY KEY);\n");
        assertThat(run("migrate").exitCode()).isZero();
        // A late branch brings V2; V1's file is deleted from the folder although it was applied.
        Sqlite.write(migrations, "V2__late.sql", "CREATE TABLE late(id INTEGER PRIMARY KEY);\n");
        Files.delete(migrations.resolve("V1__users.sql"));
        String outOfOrder = "V2__late.sql: version 2 is pending but lower than the highest applied version 3. Give it"
                + " a version above 3, or allow out-of-order migrations (--allow-out-of-order)";

        Result table = run("status");
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.stderr()).isEmpty();
        List<String> lines = table.stdout().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("VERSION +DESCRIPTION +STATE +APPLIED_AT +MS +KIND");
        assertThat(lines.get(1)).matches("1 +users +missing +" + TIMESTAMP + " +\\d+ +applied");
        assertThat(lines.get(2)).matches("2 +late +out-of-order *");
        assertThat(lines.get(3)).matches("3 +orders +applied +" + TIMESTAMP + " +\\d+ +applied");
        assertThat(lines.get(4)).isEqualTo(db + ": version 3, 0 pending, 1 problem, 1 missing");

        Result json = run("status", "--json");
        assertThat(json.exitCode()).as("%s", json).isZero();
        JsonNode root = new ObjectMapper().readTree(json.stdout());
        assertThat(root.get("version").asText()).isEqualTo("3");
        assertThat(root.get("pending").asInt()).isZero();
        assertThat(texts(root.get("problems"))).containsExactly(outOfOrder);
        JsonNode m = root.get("migrations");
        assertThat(m).hasSize(3);
        assertThat(List.of(
                        m.get(0).get("state").asText(),
                        m.get(1).get("state").asText(),
                        m.get(2).get("state").asText()))
                .containsExactly("missing", "out-of-order", "applied");
        assertThat(m.get(0).get("script").asText()).isEqualTo("V1__users.sql");
        assertThat(m.get(0).get("checksum").isNull()).as("no file, no checksum").isTrue();
        assertThat(m.get(0).get("appliedAt").asText()).matches(TIMESTAMP);
        assertThat(m.get(1).get("appliedAt").isNull()).isTrue();

        Result refused = run("migrate");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(65);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr())
                .isEqualTo("schemagate: the migration folder does not match the database's history (1 problem):\n  - "
                        + outOfOrder + "\nAction: fix the files listed above; nothing was applied.\n");
        assertThat(Sqlite.history(db)).containsExactly("1", "3");
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema WHERE name = 'late'"))
                .isEmpty();

        Result allowed = run("migrate", "--allow-out-of-order");
        assertThat(allowed.exitCode()).as("%s", allowed).isZero();
        assertThat(allowed.stdout())
                .startsWith("schemagate: applied 1 migration to " + db + "; now at version 3 (")
                .contains("\n  V2__late.sql  ");
        assertThat(allowed.stderr())
                .matches("schemagate INFO: applying V2__late.sql \\(1 of 1\\)\nschemagate WARN: migration V1__users.sql"
                        + " \\(version 1\\) was applied on " + TIMESTAMP
                        + " but its file is no longer in the folder\n");
        assertThat(Sqlite.history(db)).containsExactly("1", "3", "2");

        Result after = run("status", "--allow-out-of-order");
        assertThat(after.exitCode()).as("%s", after).isZero();
        List<String> afterLines = after.stdout().lines().toList();
        assertThat(afterLines.get(1)).matches("1 +users +missing +" + TIMESTAMP + " +\\d+ +applied");
        assertThat(afterLines.get(2)).matches("2 +late +applied +" + TIMESTAMP + " +\\d+ +applied");
        assertThat(afterLines.get(4)).isEqualTo(db + ": version 3, 0 pending, 0 problems, 1 missing");
    }

    @Test
    void subFoldersAreNotScanned() {
        db = dir.resolve("app.db");
        migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY);\n");
        // Valid names, a duplicate version, a bad name and broken SQL, all one level down (and two): none counts.
        Sqlite.write(migrations.resolve("archive"), "V2__old.sql", "CREATE TABLE old(id INTEGER PRIMARY KEY);\n");
        Sqlite.write(migrations.resolve("archive"), "V1__dup.sql", "this is not SQL;\n");
        Sqlite.write(migrations.resolve("archive"), "V3-bad name.sql", "CREATE TABLE bad(x);\n");
        Sqlite.write(migrations.resolve("archive/deeper"), "V9__deep.sql", "CREATE TABLE deep(x);\n");
        Sqlite.write(migrations.resolve("V4__looks_like_a_file.sql"), "V5__inside.sql", "CREATE TABLE inside(x);\n");

        Result migrate = run("migrate");

        assertThat(migrate.exitCode()).as("%s", migrate).isZero();
        assertThat(migrate.stderr()).isEqualTo("schemagate INFO: applying V1__users.sql (1 of 1)\n");
        assertThat(migrate.stdout()).startsWith("schemagate: applied 1 migration to " + db + "; now at version 1 (");
        assertThat(Sqlite.history(db)).containsExactly("1");
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema WHERE tbl_name NOT LIKE 'schemagate%'"))
                .containsExactly("users");

        Result status = run("status");
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout().lines().toList())
                .hasSize(3)
                .last()
                .isEqualTo(db + ": version 1, 0 pending, 0 problems, 0 missing");
        assertThat(run("validate").exitCode()).isZero();
    }

    private Result run(String command, String... more) {
        List<String> args =
                new ArrayList<>(List.of(command, "--db", db.toString(), "--migrations", migrations.toString()));
        args.addAll(List.of(more));
        return SchemagateProcess.run(dir.resolve("out"), DEADLINE, args.toArray(String[]::new));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
