package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.FileSystemFaults;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift shown as a diff and accepted with {@code repair}, as a user meets it: real processes, real SQLite files, the
 * sqlite3 shell reading what the history stores.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DriftRepairIT {
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final String V1 = """
            -- users of the app
            CREATE TABLE users (
              id    INTEGER PRIMARY KEY,
              email TEXT NOT NULL UNIQUE
            );
            """;
    private static final String V1_EDITED = """
            -- users of the app
            CREATE TABLE users (
              id    INTEGER PRIMARY KEY,
              -- login name, unique per user
              email TEXT NOT NULL UNIQUE
            );
            """;
    private static final String DIFF = """
            --- applied V1__users.sql
            +++ now V1__users.sql
            @@ -1,5 +1,6 @@
             -- users of the app
             CREATE TABLE users (
               id    INTEGER PRIMARY KEY,
            +  -- login name, unique per user
               email TEXT NOT NULL UNIQUE
             );
            """;
    private static final String V2 = "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER);\n";
    private static final String V3 = "CREATE INDEX orders_user ON orders (user_id);\n"
            + "INSERT INTO orders (user_id) VALUES (NULL);\n".repeat(20);

    /** The history table exactly as schemagate created it before it kept the text (main at 2026-12-02). */
    private static final String OLD_HISTORY = """
            CREATE TABLE schemagate_history (
              version      TEXT    NOT NULL PRIMARY KEY,
              description  TEXT    NOT NULL,
              script       TEXT    NOT NULL,
              checksum     TEXT    NOT NULL,
              applied_at   TEXT    NOT NULL,
              execution_ms INTEGER NOT NULL,
              applied_by   TEXT    NOT NULL,
              kind         TEXT    NOT NULL DEFAULT 'applied'
            );
            """;

    @TempDir
    Path dir;

    @Test
    void anEditedFileIsShownAsADiffEverywhereAndRepairAcceptsItOnlyWithYes() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        applyThenEditV1(db, migrations);
        assertThat(storedText(db, "schemagate_history", "sql", "version = '1'"))
                .as("the sqlite3 shell reads the stored text back with sqlar_uncompress")
                .isEqualTo(V1);

        String appliedAt = Sqlite.rows(db, "SELECT applied_at FROM schemagate_history WHERE version = '1'")
                .get(0);
        String expected = "schemagate: the migration folder does not match the database's history (1 problem):\n"
                + "  - V1__users.sql: changed after it was applied (applied checksum "
                + sha256(V1).substring(0, 12)
                + ", file checksum " + sha256(V1_EDITED).substring(0, 12) + ", applied " + appliedAt + ")."
                + " Restore the applied content (e.g. git checkout) and put the change in a new migration; if the"
                + " edit is intentional and changes nothing that ran, accept it with 'schemagate repair'\n"
                + DIFF
                + "Action: fix the files listed above; nothing was applied.\n";

        Result validate = run("validate", db, migrations);
        assertThat(validate.exitCode()).as("%s", validate).isEqualTo(65);
        assertThat(validate.stderr()).isEqualTo(expected);

        Result json = run("validate", db, migrations, "--json");
        assertThat(json.exitCode()).as("%s", json).isEqualTo(65);
        JsonNode drift = new ObjectMapper().readTree(json.stdout()).get("drift").get(0);
        assertThat(drift.get("script").asText()).isEqualTo("V1__users.sql");
        assertThat(drift.get("diff").asText()).isEqualTo(DIFF);
        assertThat(drift.get("appliedChecksum").asText()).isEqualTo(sha256(V1));
        assertThat(drift.get("fileChecksum").asText()).isEqualTo(sha256(V1_EDITED));
        assertThat(drift.get("note").isNull()).isTrue();

        Sqlite.write(migrations, "V3__index.sql", V3);
        Result migrate = run("migrate", db, migrations);
        assertThat(migrate.exitCode()).as("%s", migrate).isEqualTo(65);
        assertThat(migrate.stderr()).isEqualTo(expected);

        byte[] before = sha256(db);
        Result unconfirmed = run("repair", db, migrations);
        assertThat(unconfirmed.exitCode()).as("%s", unconfirmed).isEqualTo(77);
        assertThat(unconfirmed.stdout()).isEqualTo(DIFF);
        assertThat(unconfirmed.stderr())
                .startsWith("schemagate: 1 applied file differs from what the history of " + db
                        + " records: V1__users.sql; nothing was changed.")
                .contains("run the same command with --yes");
        assertThat(sha256(db))
                .as("repair without --yes leaves the file byte for byte")
                .isEqualTo(before);

        Result confirmed = run("repair", db, migrations, "--yes");
        assertThat(confirmed.exitCode()).as("%s", confirmed).isZero();
        assertThat(confirmed.stdout())
                .startsWith(DIFF + "schemagate: repaired 1 history row of " + db + ": V1__users.sql now recorded");
        assertThat(Sqlite.rows(
                        db, "SELECT version, script, old_checksum, new_checksum, repaired_by FROM schemagate_repairs"))
                .containsExactly("1|V1__users.sql|" + sha256(V1) + "|" + sha256(V1_EDITED) + "|"
                        + System.getProperty("user.name"));
        assertThat(storedText(db, "schemagate_repairs", "old_sql", "version = '1'"))
                .isEqualTo(V1);
        assertThat(Sqlite.rows(db, "SELECT version, checksum, applied_at FROM schemagate_history ORDER BY rowid"))
                .as("only the drifted row changed, and only its checksum and text")
                .containsExactly("1|" + sha256(V1_EDITED) + "|" + appliedAt, "2|" + sha256(V2) + "|" + appliedAt);
        assertThat(storedText(db, "schemagate_history", "sql", "version = '1'")).isEqualTo(V1_EDITED);

        Result clean = run("validate", db, migrations);
        assertThat(clean.exitCode()).as("%s", clean).isZero();
        Result again = run("repair", db, migrations, "--json");
        assertThat(again.exitCode()).as("%s", again).isZero();
        JsonNode nothing = new ObjectMapper().readTree(again.stdout());
        assertThat(nothing.get("repaired").asBoolean()).isFalse();
        assertThat(nothing.get("confirmationNeeded").asBoolean()).isFalse();
        assertThat(nothing.get("drift")).isEmpty();
        assertThat(run("migrate", db, migrations).exitCode()).isZero();
        assertThat(Sqlite.rows(db, "SELECT length(sql_data) < sql_size FROM schemagate_history WHERE version = '3'"))
                .as("a text that compresses is stored compressed")
                .containsExactly("1");
        assertThat(storedText(db, "schemagate_history", "sql", "version = '3'")).isEqualTo(V3);
    }

    @Test
    void repairRefusesMissingFilesAndUnknownVersionsAndChangesNothing() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        applyThenEditV1(db, migrations);
        byte[] before = sha256(db);

        Result unknown = run("repair", db, migrations, "--version", "2", "--yes");
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(64);
        assertThat(unknown.stderr())
                .startsWith("schemagate: --version 2: no drifted applied file has this version" + " (drifted: 1).");

        Files.delete(migrations.resolve("V2__orders.sql"));
        Result missing = run("repair", db, migrations, "--yes");
        assertThat(missing.exitCode()).as("%s", missing).isEqualTo(65);
        assertThat(missing.stderr())
                .startsWith("schemagate: cannot repair: files of applied migrations are missing (1 problem):\n"
                        + "  - V2__orders.sql (version 2, applied ")
                .contains("Action: put each file back as it was applied (e.g. git checkout <commit> -- <file>)");
        assertThat(sha256(db)).isEqualTo(before);
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema WHERE name = 'schemagate_repairs'"))
                .isEmpty();

        Path unadopted = dir.resolve("other.db");
        Sqlite.exec(unadopted, "CREATE TABLE users (id INTEGER PRIMARY KEY)");
        Result notAdopted = run("repair", unadopted, migrations, "--yes");
        assertThat(notAdopted.exitCode()).as("%s", notAdopted).isEqualTo(65);
        assertThat(notAdopted.stderr()).contains("has 1 table but no schemagate_history");
    }

    /** A database the repair cannot write is the storage's fault (74), as for migrate and import, and stays as it was. */
    @Test
    void aDatabaseThatCannotBeWrittenFailsTheRepairWith74AndChangesNothing() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        applyThenEditV1(db, migrations);
        byte[] before = sha256(db);
        Result repair;
        try (FileSystemFaults faults = new FileSystemFaults()) {
            faults.immutable(db);

            repair = run("repair", db, migrations, "--yes");
        }

        assertThat(repair.exitCode()).as("%s", repair).isEqualTo(74);
        assertThat(repair.stderr())
                .contains("the database cannot be written")
                .contains("while repairing it")
                .contains("no history row was changed");
        assertThat(sha256(db)).isEqualTo(before);
    }

    /**
     * A history created by a schemagate that kept only checksums: drift is shown by checksums with a note (never a
     * failure for the missing text); a batch upgrades the table inside its own transaction, so a failed batch
     * leaves it as it was; repair records the old checksum without a text.
     */
    @Test
    void aHistoryWithoutTheTextColumnsKeepsWorkingAndIsUpgradedInsideTheWriteTransaction() throws Exception {
        Path db = dir.resolve("old.db");
        Path migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__users.sql", V1);
        Path script = Files.writeString(
                dir.resolve("old.sql"),
                OLD_HISTORY + V1 + "INSERT INTO schemagate_history VALUES ('1', 'users', 'V1__users.sql', '"
                        + sha256(V1) + "', '2026-01-01T00:00:00Z', 3, 'old-host:42', 'applied');\n");
        Sqlite3.run(db, script);
        Sqlite.write(
                migrations,
                "V2__orders.sql",
                "CREATE TABLE orders (id INTEGER PRIMARY KEY);\nINSERT INTO nope" + " VALUES (1);\n");

        Result failed = run("migrate", db, migrations);
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(70);
        assertThat(columns(db)).as("the upgrade was rolled back with the batch").doesNotContain("sql_data");

        Sqlite.write(migrations, "V2__orders.sql", V2);
        assertThat(run("migrate", db, migrations).exitCode()).isZero();
        assertThat(columns(db)).contains("sql_data", "sql_size");
        assertThat(Sqlite.rows(db, "SELECT version, sql_data IS NULL FROM schemagate_history ORDER BY rowid"))
                .containsExactly("1|1", "2|0");

        Sqlite.write(migrations, "V1__users.sql", V1_EDITED);
        Result validate = run("validate", db, migrations);
        assertThat(validate.exitCode()).as("%s", validate).isEqualTo(65);
        assertThat(validate.stderr())
                .contains("file checksum " + sha256(V1_EDITED).substring(0, 12))
                .contains("\nno diff for V1__users.sql: the history holds only its checksum (it was applied by an"
                        + " older schemagate, which kept only checksums); compare the file with your version control"
                        + " instead\nAction: ");

        Result repair = run("repair", db, migrations, "--version", "1", "--yes");
        assertThat(repair.exitCode()).as("%s", repair).isZero();
        assertThat(Sqlite.rows(db, "SELECT old_checksum, old_sql_data IS NULL FROM schemagate_repairs"))
                .containsExactly(sha256(V1) + "|1");
        assertThat(run("validate", db, migrations).exitCode()).isZero();
    }

    /** V1 and V2 applied, then V1 edited as {@link #V1_EDITED}. */
    private void applyThenEditV1(Path db, Path migrations) {
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2__orders.sql", V2);
        assertThat(run("migrate", db, migrations).exitCode()).isZero();
        Sqlite.write(migrations, "V1__users.sql", V1_EDITED);
    }

    private Result run(String command, Path db, Path migrations, String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of(command, "--db", db.toString(), "--migrations", migrations.toString()));
        args.addAll(List.of(more));
        return SchemagateProcess.run(dir.resolve("out"), DEADLINE, args.toArray(String[]::new));
    }

    /** The text in {@code prefix_data}/{@code prefix_size}, as the sqlite3 shell's sqlar_uncompress gives it. */
    private String storedText(Path db, String table, String prefix, String where) throws Exception {
        Path query = Files.writeString(
                dir.resolve("query.sql"),
                ".mode list\nSELECT CAST(sqlar_uncompress(" + prefix + "_data, " + prefix + "_size) AS TEXT) FROM "
                        + table + " WHERE " + where + ";\n");
        String out = Sqlite3.run(db, query);
        // The shell ends each row with a newline of its own.
        return out.substring(0, out.length() - 1);
    }

    private static List<String> columns(Path db) {
        return Sqlite.rows(db, "SELECT name FROM pragma_table_info('schemagate_history')");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
