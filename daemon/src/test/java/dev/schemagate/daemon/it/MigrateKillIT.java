package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code migrate} process dies by SIGKILL in the middle of a long migration: no shutdown hook, no ROLLBACK, half
 * the batch's pages already on disk. The database must hold nothing of the batch, and the next run must apply it
 * cleanly, in rollback-journal mode and in WAL mode.
 */
class MigrateKillIT {
    /** 128 + 9: how the JDK reports a child that SIGKILL ended; SIGTERM would give 143. */
    private static final int KILLED_BY_SIGKILL = 137;
    /** Written pages beyond this prove the long insert is under way, not just started. */
    private static final long WRITTEN_BYTES = 8L * 1024 * 1024;

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<SchemagateProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(SchemagateProcess::destroy);
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"delete", "wal"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledBatchLeavesNothingAndTheNextRunAppliesIt(String journalMode) throws Exception {
        Path db = dir.resolve("app.db");
        Sqlite.exec(
                db,
                "PRAGMA journal_mode=" + journalMode,
                "CREATE TABLE keep (id INTEGER PRIMARY KEY, note TEXT NOT NULL)",
                "INSERT INTO keep (note) VALUES ('before the batch'), ('also before')");
        assertThat(Sqlite.rows(db, "PRAGMA journal_mode")).containsExactly(journalMode);
        Path migrations = dir.resolve("migrations");
        Sqlite.write(migrations, "V1__accounts.sql", """
                CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL);
                CREATE INDEX accounts_owner ON accounts (owner);
                INSERT INTO accounts (owner) VALUES ('alice'), ('bob');
                """);
        // Millions of rows: many seconds of work, far more than the test lets it run.
        Sqlite.write(migrations, "V2__ledger.sql", """
                CREATE TABLE ledger (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, memo TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000)
                INSERT INTO ledger (account_id, memo) SELECT 1 + i % 2, printf('entry %d %s', i, hex(randomblob(16)))
                FROM n;
                """);
        Sqlite.write(migrations, "V3__ledger_index.sql", "CREATE INDEX ledger_account ON ledger (account_id);\n");
        // The app's own table without a history would be refused (NOT_ADOPTED): adopt the file at version 0 first.
        SchemagateProcess.Result adopted = start(
                        "baseline", "--db", db.toString(), "--migrations", migrations.toString(), "--version", "0")
                .await(java.time.Duration.ofSeconds(60));
        assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
        List<String> schemaBefore = fullSchema(db);

        SchemagateProcess victim = start("migrate", "--db", db.toString(), "--migrations", migrations.toString());
        Path journal = db.resolveSibling("app.db-" + (journalMode.equals("wal") ? "wal" : "journal"));
        // Pages of the batch reach the disk: the WAL in WAL mode, the database file itself (cache spill) otherwise.
        Path growing = journalMode.equals("wal") ? journal : db;
        await("V2 running with its pages on disk")
                .atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    assertThat(victim.process().isAlive())
                            .as("migrate ended before it could be killed: %s %s", victim.stdout(), victim.stderr())
                            .isTrue();
                    return victim.stderr().contains("schemagate INFO: applying V2__ledger.sql (2 of 3)")
                            && Files.exists(journal)
                            && Files.size(growing) > WRITTEN_BYTES;
                });
        victim.process().destroyForcibly();
        assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(victim.process().exitValue())
                .as("exit status of a SIGKILLed JVM")
                .isEqualTo(KILLED_BY_SIGKILL);
        assertThat(victim.stderr()).doesNotContain("V3__ledger_index.sql");
        assertThat(victim.stdout()).isEmpty();
        // What the kill left behind: a hot journal, or a WAL with uncommitted frames.
        assertThat(Files.size(journal)).as("%s after the kill", journal).isPositive();

        // Look at a copy, so that the next migrate run is the first to meet the crashed state.
        Path copy = copyWithJournal(db, journal, dir.resolve("inspect"));
        assertThat(Sqlite.rows(copy, "PRAGMA integrity_check")).containsExactly("ok");
        assertThat(fullSchema(copy)).as("schema after the kill").isEqualTo(schemaBefore);
        assertThat(Sqlite.rows(copy, "SELECT id, note FROM keep ORDER BY id"))
                .containsExactly("1|before the batch", "2|also before");

        // The next run: a changed V2 is fine, since nothing of it was ever recorded.
        Sqlite.write(migrations, "V2__ledger.sql", """
                CREATE TABLE ledger (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, memo TEXT NOT NULL);
                INSERT INTO ledger (account_id, memo) VALUES (1, 'opening balance'), (2, 'opening balance');
                """);
        Result next = start("migrate", "--db", db.toString(), "--migrations", migrations.toString())
                .await(DEADLINE);
        assertThat(next.exitCode()).as("%s", next).isZero();
        assertThat(next.stdout())
                .as("%s", next)
                .startsWith("schemagate: applied 3 migrations to " + db + "; now at version 3 (");
        assertThat(Sqlite.rows(db, "PRAGMA integrity_check")).containsExactly("ok");
        assertThat(Sqlite.rows(
                        db, "SELECT version, script FROM schemagate_history WHERE kind <> 'baseline' ORDER BY rowid"))
                .containsExactly("1|V1__accounts.sql", "2|V2__ledger.sql", "3|V3__ledger_index.sql");
        assertThat(Sqlite.rows(db, "SELECT type, name FROM sqlite_schema ORDER BY type, name"))
                .containsExactly(
                        "index|accounts_owner",
                        "index|ledger_account",
                        "index|sqlite_autoindex_schemagate_history_1",
                        "table|accounts",
                        "table|keep",
                        "table|ledger",
                        "table|schemagate_history");
        assertThat(Sqlite.rows(db, "SELECT account_id, memo FROM ledger ORDER BY id"))
                .containsExactly("1|opening balance", "2|opening balance");
        assertThat(Sqlite.rows(db, "SELECT count(*) FROM keep")).containsExactly("2");
        assertThat(Sqlite.rows(db, "PRAGMA journal_mode")).containsExactly(journalMode);
        if (journalMode.equals("delete")) {
            assertThat(journal)
                    .as("the hot journal was rolled back and removed")
                    .doesNotExist();
        }
    }

    private SchemagateProcess start(String... args) {
        SchemagateProcess p = SchemagateProcess.start(dir.resolve("out"), args);
        started.add(p);
        return p;
    }

    /** Everything in sqlite_schema, including the sql text. */
    private static List<String> fullSchema(Path db) {
        return Sqlite.rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
    }

    /** Copies the database and its journal (or WAL) under the same names into {@code folder}. */
    private static Path copyWithJournal(Path db, Path journal, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.copy(journal, folder.resolve(journal.getFileName()));
        return Files.copy(db, folder.resolve(db.getFileName()));
    }
}
