package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.lock.LockHolderFinder;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.ReadHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore} refuses (75) while anything may still use the database: a daemon answering on its socket, a
 * process holding the write lock or only a read lock (the real sqlite3 shell), a hot journal left by a writer that
 * died. Each refusal names the reason and the action, and leaves the database byte for byte as it was. A journal
 * SQLite itself ignores (its header never synced) does not block it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RestoreRefusalIT {
    @TempDir
    Path dir;

    private SnapshotCase files;
    private Path beforeV2;
    private String hashBefore;

    @BeforeEach
    void twoBatchesWithSnapshots() throws Exception {
        files = new SnapshotCase(dir);
        files.writeUsers();
        assertThat(files.migrate().exitCode()).isZero();
        Sqlite.write(files.migrations(), "V2__bad_cleanup.sql", "DELETE FROM users;\n");
        assertThat(files.migrate().exitCode()).isZero();
        beforeV2 = files.snaps().resolve(files.snapshotNames().get(1));
        assertThat(beforeV2.getFileName().toString()).startsWith("app.db.v1-to-v2.");
        hashBefore = hash();
    }

    @Test
    void refusedWhileADaemonServesTheDatabase() throws Exception {
        SchemagateProcess daemon = RealDaemon.start(dir);
        try {
            assertThat(RealDaemon.waitFor(dir, "2").exitCode()).isZero();

            Result refused = restore("--socket", RealDaemon.socket(dir).toString());

            assertRefused(refused, "a daemon serves it on " + RealDaemon.socket(dir), "stop the daemon");
        } finally {
            daemon.destroy();
            daemon.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusedWhileSqlite3HoldsTheWriteLock() throws Exception {
        try (LockHoldingShell writer = LockHoldingShell.hold(db())) {
            Result refused = restore();

            assertRefused(refused, "it is in use by pid " + writer.pid(), "stop those processes");
            writer.release();
        }
    }

    @Test
    void refusedWhileSqlite3HoldsOnlyAReadLock() throws Exception {
        try (ReadHoldingShell reader = ReadHoldingShell.hold(db(), "users")) {
            Result refused = restore();

            assertRefused(refused, "it is in use by pid " + reader.pid(), "stop those processes");
            reader.release();
        }
    }

    @Test
    void refusedOverAHotJournalUntilSqliteHasRolledItBack() throws Exception {
        // A tiny page cache makes the writer spill: it syncs the journal (a live header) and writes into the file.
        killSqlite3Inside(
                "PRAGMA cache_size = 2;\nBEGIN IMMEDIATE;\nINSERT INTO users (name) SELECT hex(randomblob(300))"
                        + " FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) SELECT i FROM n);\n");
        Path journal = dir.resolve("app.db-journal");
        assertThat(firstByte(journal))
                .as("the journal is hot (its header was synced)")
                .isNotZero();
        hashBefore = hash(); // the file now holds the dead writer's uncommitted pages

        Result refused = restore();

        assertRefused(
                refused,
                "app.db-journal holds changes not yet settled",
                "open it once so SQLite settles it: sqlite3 " + db() + " 'PRAGMA integrity_check'");
        assertThat(journal)
                .as("the refusal leaves the journal for SQLite to roll back")
                .exists();

        // The action the message names: the next open rolls the journal back and deletes it.
        assertThat(Sqlite.rows(db(), "PRAGMA integrity_check")).containsExactly("ok");
        assertThat(journal).doesNotExist();
        assertThat(Sqlite.rows(db(), "SELECT count(*) FROM users")).containsExactly("0");
        Result restored = restore();
        assertThat(restored.exitCode()).as("%s", restored).isZero();
        assertThat(Sqlite.rows(db(), "SELECT count(*) FROM users")).containsExactly("2");
    }

    @Test
    void aJournalWhoseHeaderWasNeverSyncedIsNotHotAndDoesNotBlockRestore() throws Exception {
        killSqlite3Inside("BEGIN IMMEDIATE;\nINSERT INTO users (name) VALUES ('never committed');\n");
        Path journal = dir.resolve("app.db-journal");
        assertThat(Files.size(journal)).isPositive();
        assertThat(firstByte(journal))
                .as("SQLite ignores a journal with a zeroed header")
                .isZero();
        assertThat(hash()).as("nothing reached the file").isEqualTo(hashBefore);

        Result restored = restore();

        assertThat(restored.exitCode()).as("%s", restored).isZero();
        assertThat(Sqlite.rows(db(), "SELECT count(*) FROM users")).containsExactly("2");
        assertThat(Sqlite.rows(db(), "PRAGMA integrity_check")).containsExactly("ok");
    }

    /** Runs {@code sql} in the real sqlite3 shell, waits until it has run, and kills the shell with SIGKILL. */
    private void killSqlite3Inside(String sql) throws Exception {
        Process shell = new ProcessBuilder(Sqlite3.path(), "-bail", db().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            shell.getOutputStream().write((sql + "SELECT 'ran';\n").getBytes(StandardCharsets.UTF_8));
            shell.getOutputStream().flush();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("sqlite3 ran the statements").isEqualTo("ran");
        } finally {
            shell.destroyForcibly();
            assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        await().atMost(RealDaemon.WAIT)
                .until(() -> LockHolderFinder.holdersOf(db()).isEmpty());
    }

    private static int firstByte(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read();
        }
    }

    private void assertRefused(Result refused, String why, String action) throws Exception {
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(75);
        assertThat(refused.stderr())
                .contains("will not restore over " + db() + ": " + why)
                .contains("nothing was changed")
                .contains("Action: " + action);
        assertThat(hash()).as("database bytes after the refusal").isEqualTo(hashBefore);
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertThat(names)
                    .as("no copy made on a refusal")
                    .noneMatch(n -> n.contains("before-restore") || n.endsWith(".partial"));
        }
    }

    private Result restore(String... extra) {
        return files.schemagate(
                Stream.concat(Stream.of("restore", beforeV2.toString(), "--db", db().toString()), Stream.of(extra))
                        .toArray(String[]::new));
    }

    private String hash() throws Exception {
        return files.hash();
    }

    private Path db() {
        return files.db();
    }
}
