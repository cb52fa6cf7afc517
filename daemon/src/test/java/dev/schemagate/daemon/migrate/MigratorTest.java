package dev.schemagate.daemon.migrate;

import static dev.schemagate.daemon.testing.Sqlite.history;
import static dev.schemagate.daemon.testing.Sqlite.rows;
import static dev.schemagate.daemon.testing.Sqlite.schema;
import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorTest {
    @TempDir
    Path dir;

    Path db() {
        return dir.resolve("app.db");
    }

    Path folder() {
        return dir.resolve("migrations");
    }

    MigrationResult migrate() {
        return migrate(false, MigrationListener.NONE);
    }

    MigrationResult migrate(boolean allowOutOfOrder, MigrationListener listener) {
        return new Migrator(new MigrateSettings(db(), folder(), LockSettings.DEFAULTS, allowOutOfOrder), listener)
                .migrate();
    }

    void fiveMigrationsWithTheThirdBroken() {
        write(folder(), "V1__users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);");
        write(
                folder(),
                "V2__seed.sql",
                "INSERT INTO users(name) VALUES ('ada');\nINSERT INTO users(name) VALUES ('bob');");
        write(
                folder(),
                "V3__orders.sql",
                "CREATE TABLE orders(id INTEGER PRIMARY KEY);\n\n-- a typo:\n"
                        + "INSERT INTO order_lines VALUES (1);\n");
        write(folder(), "V4__index.sql", "CREATE INDEX users_name ON users(name);");
        write(folder(), "V5__view.sql", "CREATE VIEW names AS SELECT name FROM users;");
    }

    @Test
    void appliesEveryPendingMigrationOnceAndRecordsIt() {
        write(folder(), "V1__users.sql", "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);");
        write(
                folder(),
                "0002_seed.sql",
                "INSERT INTO users(name) VALUES ('a;b'); INSERT INTO users(name) VALUES ('c');");
        List<String> steps = new ArrayList<>();

        MigrationResult result = migrate(false, new MigrationListener() {
            @Override
            public void migrating(int step, int of, MigrationFile file) {
                steps.add(step + "/" + of + " " + file.script());
            }
        });

        assertThat(result.applied())
                .extracting(AppliedMigration::script)
                .containsExactly("V1__users.sql", "0002_seed.sql");
        assertThat(result.version()).hasToString("2");
        assertThat(steps).containsExactly("1/2 V1__users.sql", "2/2 0002_seed.sql");
        assertThat(rows(db(), "SELECT name FROM users ORDER BY id")).containsExactly("a;b", "c");
        assertThat(rows(db(), "SELECT version, description, script, applied_by FROM schemagate_history ORDER BY rowid"))
                .containsExactly(
                        "1|users|V1__users.sql|" + ProcessIdentity.hostAndPid(),
                        "2|seed|0002_seed.sql|" + ProcessIdentity.hostAndPid());

        MigrationResult again = migrate();
        assertThat(again.applied()).isEmpty();
        assertThat(again.version()).hasToString("2");
        assertThat(rows(db(), "SELECT count(*) FROM users")).containsExactly("2");
    }

    @Test
    void aFailingStatementInTheThirdOfFiveLeavesNothingOfTheBatch() {
        write(folder(), "V0__base.sql", "CREATE TABLE base(x);");
        migrate();
        List<String> schemaBefore = schema(db());
        List<String> historyBefore = rows(db(), "SELECT * FROM schemagate_history");
        fiveMigrationsWithTheThirdBroken();

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(70);
                    assertThat(e.script()).isEqualTo("V3__orders.sql");
                    assertThat(e.line()).isEqualTo(4);
                })
                .hasMessageContaining("migration V3__orders.sql failed at line 4: no such table: order_lines")
                .hasMessageContaining("whole batch of 5 migrations was rolled back")
                .hasMessageContaining("schema version 0")
                .hasMessageContaining("Action: fix V3__orders.sql (line 4)");

        assertThat(schema(db())).isEqualTo(schemaBefore);
        assertThat(rows(db(), "SELECT * FROM schemagate_history")).isEqualTo(historyBefore);
    }

    @Test
    void theHistoryTableIsCreatedInTheSameTransactionAsTheFirstBatch() {
        fiveMigrationsWithTheThirdBroken();

        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);

        assertThat(rows(db(), "SELECT name FROM sqlite_schema")).isEmpty();
    }

    @Test
    void aChangedAppliedFileStopsTheRunAndNamesBothChecksums() {
        write(folder(), "V1__users.sql", "CREATE TABLE users(id);");
        migrate();
        String applied = Checksum.of("CREATE TABLE users(id);");
        write(folder(), "V1__users.sql", "CREATE TABLE users(id, name);");
        write(folder(), "V2__more.sql", "CREATE TABLE more(x);");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(65))
                .hasMessageContaining("V1__users.sql: changed after it was applied")
                .hasMessageContaining("applied checksum " + applied.substring(0, 12))
                .hasMessageContaining("file checksum "
                        + Checksum.of("CREATE TABLE users(id, name);").substring(0, 12))
                .hasMessageContaining("Restore the applied content");
        assertThat(schema(db())).noneMatch(s -> s.contains("more"));
    }

    @Test
    void aPendingVersionBelowTheHighestAppliedIsOutOfOrderUnlessAllowed() {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        write(folder(), "V3__c.sql", "CREATE TABLE c(x);");
        migrate();
        write(folder(), "V2__b.sql", "CREATE TABLE b(x);");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(65))
                .hasMessageContaining("V2__b.sql: version 2 is pending but lower than the highest applied version 3")
                .hasMessageContaining("--allow-out-of-order");

        MigrationResult result = migrate(true, MigrationListener.NONE);
        assertThat(result.applied()).extracting(AppliedMigration::script).containsExactly("V2__b.sql");
        assertThat(result.version()).hasToString("3");
    }

    @Test
    void anAppliedMigrationMissingFromTheFolderIsAWarning() throws Exception {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        write(folder(), "V2__b.sql", "CREATE TABLE b(x);");
        migrate();
        java.nio.file.Files.delete(folder().resolve("V1__a.sql"));

        MigrationResult result = migrate();

        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("V1__a.sql (version 1) was applied on")
                .contains("no longer in the folder");
    }

    @Test
    void aFileOfOnlyCommentsOrWithUnterminatedTextIsRefusedBeforeAnythingRuns() {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        write(folder(), "V2__notes.sql", "-- to do\n/* later */\n");
        write(folder(), "V3__quote.sql", "CREATE TABLE c(x);\nINSERT INTO c VALUES ('it''s;\n");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(65))
                .hasMessageStartingWith("schemagate: pending migrations cannot run in one transaction (2 problems):")
                .hasMessageContaining(
                        "V2__notes.sql: holds only comments; write the migration's SQL or delete the file")
                .hasMessageContaining("V3__quote.sql: unterminated string literal ('...') starting at line 2")
                .hasMessageContaining("Action: fix the statements listed above; nothing was applied.");
        assertThat(rows(db(), "SELECT name FROM sqlite_schema")).isEmpty();
    }

    @Test
    void aDatabasePathNamingAFileThatIsNotSqliteIsRefusedUntouched() throws Exception {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        byte[] notADatabase =
                "these are notes, not an SQLite database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        Files.write(db(), notADatabase);

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(70))
                .hasMessageStartingWith("schemagate: cannot read schemagate_history in " + db() + ": ")
                .hasMessageContaining("SQLITE_NOTADB")
                .hasMessageContaining("Action: check that the path names an SQLite database");
        assertThat(Files.readAllBytes(db())).isEqualTo(notADatabase);
    }

    @Test
    void aMigrationThatDropsTheHistoryTableFailsAndLeavesNothing() {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        migrate();
        write(folder(), "V2__oops.sql", "CREATE TABLE b(x);\nDROP TABLE schemagate_history;\n");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(70))
                .hasMessageStartingWith("schemagate: cannot record the batch in schemagate_history: ")
                .hasMessageContaining("The batch was rolled back; the database is as it was (schema version 1).")
                .hasMessageContaining("Action: check that no migration alters or drops schemagate_history");
        assertThat(history(db())).containsExactly("1");
        assertThat(rows(db(), "SELECT name FROM sqlite_schema WHERE name = 'b'"))
                .isEmpty();
    }

    @Test
    void statementsThatCannotRunInATransactionAreRefusedBeforeAnythingRuns() {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        write(folder(), "V2__b.sql", "CREATE TABLE b(x);\n\nVACUUM;\n");
        write(folder(), "V3__c.sql", "PRAGMA journal_mode = WAL;");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(65))
                .hasMessageContaining("V2__b.sql line 3: ")
                .hasMessageContaining("V3__c.sql line 1: ");
        assertThat(rows(db(), "SELECT name FROM sqlite_schema")).isEmpty();
    }

    /** V1 applied by schemagate, then the app writes two orphans with foreign keys off (SQLite's default). */
    private void parentsAndChildrenWithTwoOrphansAlreadyThere() {
        write(
                folder(),
                "V1__parents.sql",
                "CREATE TABLE parent(id INTEGER PRIMARY KEY);\n"
                        + "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));\n"
                        + "CREATE TABLE pet(id INTEGER PRIMARY KEY, owner INTEGER REFERENCES parent(id));");
        migrate();
        Path script = write(dir, "orphans.sql", """
                PRAGMA foreign_keys=OFF;
                INSERT INTO parent VALUES (1);
                INSERT INTO child VALUES (1, 1);
                INSERT INTO child VALUES (2, 42);
                INSERT INTO pet VALUES (7, 43);
                """);
        Sqlite3.run(db(), script);
        assertThat(rows(db(), "PRAGMA foreign_key_check"))
                .containsExactlyInAnyOrder("child|2|parent|0", "pet|7|parent|0");
    }

    @Test
    void orphansAlreadyInTheDatabaseDoNotFailAnUnrelatedBatchButWarn() {
        parentsAndChildrenWithTwoOrphansAlreadyThere();
        write(folder(), "V2__audit.sql", "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);");

        MigrationResult result = migrate();

        assertThat(result.applied()).extracting(AppliedMigration::script).containsExactly("V2__audit.sql");
        assertThat(history(db())).containsExactly("1", "2");
        assertThat(result.warnings())
                .containsExactly("the database already held 2 foreign key violations before this batch, in tables"
                        + " child, pet (PRAGMA foreign_key_check lists them); the batch added none, so it was applied."
                        + " Action: delete the orphan rows or insert the rows they reference.");
    }

    @Test
    void aBatchThatAddsAnOrphanFailsNamingOnlyTheNewOne() {
        parentsAndChildrenWithTwoOrphansAlreadyThere();
        List<String> before = rows(db(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name");
        write(folder(), "V2__audit.sql", "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);");
        write(folder(), "V3__more.sql", "INSERT INTO child VALUES (3, 1);\nINSERT INTO child VALUES (4, 99);");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(70))
                .hasMessageStartingWith("schemagate: the batch adds 1 foreign key violation (PRAGMA"
                        + " foreign_key_check): table child rowid 4 references missing row in parent\n"
                        + "(2 violations already in the database before the batch, in child, pet, were not counted.)\n"
                        + "The whole batch of 2 migrations was rolled back; the database is as it was (schema"
                        + " version 1).");
        assertThat(rows(db(), "SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
                .isEqualTo(before);
        assertThat(rows(db(), "SELECT id, parent_id FROM child ORDER BY id")).containsExactly("1|1", "2|42");
        assertThat(history(db())).containsExactly("1");
    }

    @Test
    void deletingAParentRowThatWasReferencedIsANewViolation() {
        parentsAndChildrenWithTwoOrphansAlreadyThere();
        write(folder(), "V2__drop.sql", "DELETE FROM parent WHERE id = 1;");

        assertThatThrownBy(this::migrate)
                .hasMessageStartingWith("schemagate: the batch adds 1 foreign key violation (PRAGMA"
                        + " foreign_key_check): table child rowid 1 references missing row in parent\n");
        assertThat(rows(db(), "SELECT id FROM parent")).containsExactly("1");
    }

    @Test
    void foreignKeyViolationsLeftByTheBatchRollItBack() {
        write(
                folder(),
                "V1__parents.sql",
                "CREATE TABLE parent(id INTEGER PRIMARY KEY);\n"
                        + "CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));");
        write(folder(), "V2__orphan.sql", "INSERT INTO child VALUES (1, 42);");

        assertThatThrownBy(this::migrate)
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(70))
                .hasMessageContaining("1 foreign key violation")
                .hasMessageContaining("table child rowid 1 references missing row in parent");
        assertThat(rows(db(), "SELECT name FROM sqlite_schema")).isEmpty();
    }

    @Test
    void nothingPendingNeedsNoLockEvenWhileAnotherWriterHoldsIt() throws Exception {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        migrate();
        try (java.sql.Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db());
                java.sql.Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO a VALUES (1)");

            long start = System.nanoTime();
            MigrationResult result = new Migrator(
                            new MigrateSettings(
                                    db(),
                                    folder(),
                                    new LockSettings(
                                            Duration.ofMillis(100), 0, Duration.ofMillis(10), Duration.ofMillis(200)),
                                    false),
                            MigrationListener.NONE)
                    .migrate();

            assertThat(result.applied()).isEmpty();
            assertThat(result.lockWait()).isZero();
            // With the writer holding the lock, any attempt to take it would have failed with exit 75.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            s.execute("ROLLBACK");
        }
    }

    @Test
    void theNewestMigrationDecidesTheVersionAcrossNamingForms() {
        write(folder(), "V2__a.sql", "CREATE TABLE a(x);");
        write(folder(), "10_b.sql", "CREATE TABLE b(x);");
        write(folder(), "V10.1__c.sql", "CREATE TABLE c(x);");

        assertThat(migrate().version()).hasToString("10.1");
        assertThat(history(db())).containsExactly("2", "10", "10.1");
        Sqlite.exec(db(), "SELECT 1");
    }

    @Test
    void statusReadsThatAWriterBlocksFailWithExit75NamingItInsteadOfBlamingTheFile() throws Exception {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);");
        migrate();
        MigrateSettings settings = new MigrateSettings(
                db(),
                folder(),
                new LockSettings(Duration.ofMillis(200), 0, Duration.ofMillis(10), Duration.ofSeconds(5)),
                false);
        // EXCLUSIVE in rollback-journal mode is what a committing or spilling writer holds: readers must wait.
        try (java.sql.Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db());
                java.sql.Statement s = writer.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> HistoryReader.planWithoutLock(settings, MigrationResolver.resolve(folder())))
                    .isInstanceOfSatisfying(
                            SchemagateException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(75))
                    .hasMessageContaining("cannot read " + db() + " within 200ms: a writer keeps it busy")
                    .hasMessageContaining(
                            "held by pid " + ProcessHandle.current().pid());
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
            s.execute("ROLLBACK");
        }
    }
}
