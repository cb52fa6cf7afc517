package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.lock.LockHolderFinder;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: real processes, their exit codes, and what they print. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrateCliIT {
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final String V1 = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n";
    private static final String V2 =
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n";
    private static final String V3 = "CREATE INDEX orders_user ON orders (user_id);\n";

    @TempDir
    Path dir;

    private Path db;
    private Path migrations;
    private final List<Process> shells = new ArrayList<>();

    @AfterEach
    void killShells() {
        shells.forEach(Process::destroyForcibly);
    }

    private void setUp() {
        db = dir.resolve("app.db");
        migrations = dir.resolve("migrations");
    }

    @Test
    void badFileNameExits65AndShowsTheExpectedForm() {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2-orders.sql", V2);

        Result r = schemagate("migrate", "--db", db.toString(), "--migrations", migrations.toString());

        assertThat(r.exitCode()).as("%s", r).isEqualTo(65);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("schemagate: bad migration files in " + migrations + " (1 problem):\n"
                        + "  - V2-orders.sql: not a migration name; expected V<version>__<description>.sql"
                        + " (e.g. V2__add_users.sql, V10.1__index.sql) or <digits>_<description>.sql (e.g. 0002_add_users.sql)\n"
                        + "Action: fix or rename the files listed above; nothing was applied.\n");
        assertThat(db).as("nothing touched the database").doesNotExist();
    }

    @Test
    void checksumDriftExits65NamingTheFileAndBothChecksums() throws Exception {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2__orders.sql", V2);
        assertThat(migrate().exitCode()).isZero();
        String changed = V1 + "-- an innocent-looking edit\n";
        Sqlite.write(migrations, "V1__users.sql", changed);
        String appliedAt = Sqlite.rows(db, "SELECT applied_at FROM schemagate_history WHERE version = '1'")
                .get(0);

        Result r = migrate();

        assertThat(r.exitCode()).as("%s", r).isEqualTo(65);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("schemagate: the migration folder does not match the database's history"
                        + " (1 problem):\n"
                        + "  - V1__users.sql: changed after it was applied (applied checksum "
                        + sha256(V1).substring(0, 12)
                        + ", file checksum " + sha256(changed).substring(0, 12) + ", applied " + appliedAt
                        + "). Restore the"
                        + " applied content (e.g. git checkout) and put the change in a new migration; if the edit is"
                        + " intentional and changes nothing that ran, accept it with 'schemagate repair'\n"
                        + "--- applied V1__users.sql\n+++ now V1__users.sql\n@@ -1 +1,2 @@\n " + V1
                        + "+-- an innocent-looking edit\n"
                        + "Action: fix the files listed above; nothing was applied.\n");
        assertThat(Sqlite.history(db)).containsExactly("1", "2");
    }

    @Test
    void aFailingStatementInTheThirdOfFiveRollsBackTheWholeBatchAndExits70() throws Exception {
        setUp();
        Sqlite.exec(db, "CREATE TABLE keep (id INTEGER PRIMARY KEY)", "INSERT INTO keep VALUES (7)");
        // The app's own table: adopt the database first (it has no migration yet), else migrate refuses it (65).
        Files.createDirectories(migrations);
        Result adopted =
                schemagate("baseline", "--db", db.toString(), "--migrations", migrations.toString(), "--version", "0");
        assertThat(adopted.exitCode()).as("%s", adopted).isZero();
        List<String> before = Sqlite.rows(
                db, "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema" + " ORDER BY type, name");
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2__orders.sql", V2);
        Sqlite.write(migrations, "V3__payments.sql", """
                -- payments reference orders
                CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL);

                INSERT INTO payments (order_id)
                SELECT id FROM order_lines;
                """);
        Sqlite.write(migrations, "V4__refunds.sql", "CREATE TABLE refunds (id INTEGER PRIMARY KEY);\n");
        Sqlite.write(migrations, "V5__audit.sql", "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n");

        Result r = migrate();

        assertThat(r.exitCode()).as("%s", r).isEqualTo(70);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("""
                schemagate INFO: applying V1__users.sql (1 of 5)
                schemagate INFO: applying V2__orders.sql (2 of 5)
                schemagate INFO: applying V3__payments.sql (3 of 5)
                schemagate: migration V3__payments.sql failed at line 4: no such table: order_lines (SQLITE_ERROR)
                  statement: INSERT INTO payments (order_id) SELECT id FROM order_lines
                The whole batch of 5 migrations was rolled back; the database is as it was (schema version 0).
                Action: fix V3__payments.sql (line 4) and run schemagate again (or reload the daemon).
                """);
        assertThat(Sqlite.rows(
                        db, "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema" + " ORDER BY type, name"))
                .isEqualTo(before);
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema WHERE name NOT LIKE '%schemagate_history%'"))
                .containsExactly("keep");
        assertThat(Sqlite.history(db)).as("only the baseline row").containsExactly("0");
        assertThat(Sqlite.rows(db, "SELECT id FROM keep")).containsExactly("7");
        assertThat(Sqlite.rows(db, "PRAGMA integrity_check")).containsExactly("ok");
    }

    /**
     * An app that runs with SQLite's default foreign_keys=OFF leaves orphans; they must not fail an unrelated
     * migration, but a migration that adds one more must fail, naming it, and leave the database as it was.
     */
    @Test
    void orphansAlreadyInTheDatabaseWarnAndOnlyNewOnesFail() {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2__orders.sql", V2);
        assertThat(migrate().exitCode()).isEqualTo(0);
        Sqlite3.run(
                db,
                Sqlite.write(
                        dir,
                        "app-writes.sql",
                        "PRAGMA foreign_keys=OFF;\nINSERT INTO orders (id, user_id) VALUES (10, 404);\n"));

        Sqlite.write(migrations, "V3__orders_user.sql", V3);
        Result unrelated = migrate();

        assertThat(unrelated.exitCode()).as("%s", unrelated).isEqualTo(0);
        assertThat(unrelated.stderr())
                .as("%s", unrelated)
                .contains("schemagate WARN: the database already held 1 foreign key violation before this batch,"
                        + " in tables orders (PRAGMA foreign_key_check lists them); the batch added none, so it was"
                        + " applied. Action: delete the orphan rows or insert the rows they reference.\n");
        assertThat(Sqlite.history(db)).containsExactly("1", "2", "3");

        List<String> before = Sqlite.rows(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name");
        Sqlite.write(migrations, "V4__seed.sql", "INSERT INTO orders (id, user_id) VALUES (11, 405);\n");
        Result orphan = migrate();

        assertThat(orphan.exitCode()).as("%s", orphan).isEqualTo(70);
        assertThat(orphan.stderr())
                .as("%s", orphan)
                .endsWith("schemagate: the batch adds 1 foreign key violation (PRAGMA foreign_key_check): table orders"
                        + " rowid 11 references missing row in users\n"
                        + "(1 violation already in the database before the batch, in orders, was not counted.)\n"
                        + "The whole batch of 1 migration was rolled back; the database is as it was (schema version"
                        + " 3).\nAction: make the migrations insert or keep the referenced rows (or delete the"
                        + " orphans), then run schemagate again.\n");
        assertThat(Sqlite.rows(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
                .isEqualTo(before);
        assertThat(Sqlite.rows(db, "SELECT id, user_id FROM orders")).containsExactly("10|404");
        assertThat(Sqlite.history(db)).containsExactly("1", "2", "3");
    }

    @Test
    void unknownOptionExits64() {
        setUp();
        Result r = schemagate(
                "migrate",
                "--db",
                dir.resolve("app.db").toString(),
                "--migrations",
                dir.resolve("m").toString(),
                "--dry-walk");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(64);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .isEqualTo("schemagate: unknown option --dry-walk\n"
                        + "Run 'java -jar schemagate.jar --help' for usage.\n");
    }

    @Test
    void badLockSettingsExit78ListingEveryProblem() {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);

        Result r = schemagate(
                "migrate",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString(),
                "--lock-deadline",
                "5",
                "--lock-retries",
                "-1");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(78);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("""
                schemagate: invalid configuration (2 problems):
                  - --lock-retries '-1': expected a whole number from 0 to 1000
                  - --lock-deadline '5': expected a duration with a unit, such as 500ms, 30s, 2m or 1h (above zero)
                Action: correct the values above; nothing was changed.
                """);
        assertThat(db).doesNotExist();
    }

    @Test
    void statusShowsAppliedAndPendingAsATable() {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2__orders.sql", V2);
        assertThat(migrate().exitCode()).isZero();
        Sqlite.write(migrations, "V3__orders_user_index.sql", V3);

        Result r = schemagate("status", "--db", db.toString(), "--migrations", migrations.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stderr()).isEmpty();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("VERSION +DESCRIPTION +STATE +APPLIED_AT +MS +KIND");
        assertThat(lines.get(1))
                .matches("1 +users +applied +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z +\\d+ +applied");
        assertThat(lines.get(2))
                .matches("2 +orders +applied +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z +\\d+ +applied");
        assertThat(lines.get(3)).matches("3 +orders user index +pending *");
        assertThat(lines.get(4)).isEqualTo(db + ": version 2, 1 pending, 0 problems, 0 missing");
        // Columns line up: each state starts where the STATE heading does.
        int stateColumn = lines.get(0).indexOf("STATE");
        assertThat(lines.subList(1, 4))
                .allSatisfy(l -> assertThat(l.substring(stateColumn)).matches("(applied|pending).*"));
    }

    @Test
    void statusJsonParsesAndHasTheStates() throws Exception {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);
        Sqlite.write(migrations, "V2__orders.sql", V2);
        SchemagateProcess first = SchemagateProcess.start(
                dir.resolve("out"), "migrate", "--db", db.toString(), "--migrations", migrations.toString());
        assertThat(first.await(DEADLINE).exitCode()).isZero();
        Sqlite.write(migrations, "V3__orders_user_index.sql", V3);

        Result r = schemagate("status", "--db", db.toString(), "--migrations", migrations.toString(), "--json");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stderr()).isEmpty();
        JsonNode root = new ObjectMapper().readTree(r.stdout());
        assertThat(root.get("database").asText()).isEqualTo(db.toString());
        assertThat(root.get("version").asText()).isEqualTo("2");
        assertThat(root.get("pending").asInt()).isEqualTo(1);
        assertThat(root.get("problems").isArray()).isTrue();
        assertThat(root.get("problems")).isEmpty();
        JsonNode m = root.get("migrations");
        assertThat(m).hasSize(3);
        assertThat(List.of(
                        m.get(0).get("version").asText(),
                        m.get(1).get("version").asText(),
                        m.get(2).get("version").asText()))
                .containsExactly("1", "2", "3");
        assertThat(List.of(
                        m.get(0).get("state").asText(),
                        m.get(1).get("state").asText(),
                        m.get(2).get("state").asText()))
                .containsExactly("applied", "applied", "pending");
        assertThat(m.get(0).get("script").asText()).isEqualTo("V1__users.sql");
        assertThat(m.get(0).get("checksum").asText()).isEqualTo(sha256(V1));
        assertThat(m.get(2).get("checksum").asText()).isEqualTo(sha256(V3));
        assertThat(m.get(0).get("appliedBy").asText()).endsWith(":" + first.pid());
        assertThat(m.get(0).get("executionMs").isIntegralNumber()).isTrue();
        assertThat(m.get(2).get("appliedAt").isNull()).isTrue();
        assertThat(m.get(2).get("executionMs").isNull()).isTrue();
        assertThat(m.get(2).get("appliedBy").isNull()).isTrue();
    }

    @Test
    void validateExits0ThenExits65OnceAnAppliedFileChanges() {
        setUp();
        Sqlite.write(migrations, "V1__users.sql", V1);
        assertThat(migrate().exitCode()).isZero();
        Sqlite.write(migrations, "V2__orders.sql", V2);

        Result ok = schemagate("validate", "--db", db.toString(), "--migrations", migrations.toString());
        assertThat(ok.exitCode()).as("%s", ok).isZero();
        assertThat(ok.stdout()).isEqualTo("schemagate: " + db + " is valid: version 1, 1 pending\n");

        Sqlite.write(migrations, "V1__users.sql", V1.replace("email", "mail"));
        Result drift = schemagate("validate", "--db", db.toString(), "--migrations", migrations.toString());
        assertThat(drift.exitCode()).as("%s", drift).isEqualTo(65);
        assertThat(drift.stdout()).isEmpty();
        assertThat(drift.stderr())
                .startsWith("schemagate: the migration folder does not match the database's history"
                        + " (1 problem):\n  - V1__users.sql: changed after it was applied (applied checksum "
                        + sha256(V1).substring(0, 12) + ", file checksum "
                        + sha256(V1.replace("email", "mail")).substring(0, 12));
        assertThat(Sqlite.history(db)).as("validate changes nothing").containsExactly("1");
    }

    /**
     * A writer holding an EXCLUSIVE lock blocks even readers in rollback-journal mode; --lock-deadline still bounds
     * the whole run and the error names the holder.
     */
    @Test
    void theLockDeadlineHoldsWhileAnotherProcessHoldsAnExclusiveLock() throws Exception {
        setUp();
        Sqlite.exec(db, "CREATE TABLE keep (id INTEGER PRIMARY KEY)");
        Sqlite.write(migrations, "V1__users.sql", V1);
        Process holder = new ProcessBuilder(Sqlite3.path(), db.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("sqlite3.err").toFile())
                .start();
        shells.add(holder);
        OutputStream stdin = holder.getOutputStream();
        stdin.write("BEGIN EXCLUSIVE;\nINSERT INTO keep VALUES (1);\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        await().atMost(DEADLINE)
                .until(() -> LockHolderFinder.writersOf(db).stream().anyMatch(h -> h.pid() == holder.pid()));

        long start = System.nanoTime();
        Result r = schemagate(
                "migrate", "--db", db.toString(), "--migrations", migrations.toString(), "--lock-deadline", "2s");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.exitCode()).as("%s", r).isEqualTo(75);
        assertThat(r.stderr())
                .as("%s", r)
                .startsWith("schemagate: Failed to acquire migration lock on " + db + " after ")
                .contains("(the 2000ms deadline passed)")
                .contains("The write lock is held by pid " + holder.pid() + " (" + Sqlite3.path() + " " + db + ").");
        // 2s deadline plus JVM start-up; before the fix, the no-lock read waited the 30s busy timeout, then exit 70.
        // The bound only has to tell those apart: 12 s failed once at load 30+, where a JVM start alone took ~10 s.
        assertThat(took).as("wall time of the run").isLessThan(Duration.ofSeconds(25));
        stdin.close();
        assertThat(holder.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("sqlite3.err"))).isEmpty();
        // The shell's open transaction ended with it (rolled back); schemagate added nothing.
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema")).containsExactly("keep");
        assertThat(Sqlite.rows(db, "SELECT count(*) FROM keep")).containsExactly("0");
    }

    private Result migrate() {
        return schemagate("migrate", "--db", db.toString(), "--migrations", migrations.toString());
    }

    private Result schemagate(String... args) {
        return SchemagateProcess.run(dir.resolve("out"), DEADLINE, args);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
