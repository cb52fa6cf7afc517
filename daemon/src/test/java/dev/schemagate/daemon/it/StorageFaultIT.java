package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.FileSystemFaults;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage fails under a batch, for real: a full tmpfs, {@code chattr +i}, a read-only bind mount, a file-size
 * limit set with prlimit on the running process. On {@code migrate} and on the daemon, each must leave the database
 * byte for byte as it was, say the real cause and action (never "fix V2__..."), exit 74 / FAILED with its own code,
 * and, for the daemon, keep serving: once the fault is gone, a reload migrates.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StorageFaultIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** V2 writes ~6 MB: far more than the small disk holds or the file-size limit allows. */
    private static final String BIG_V2 = """
            CREATE TABLE ledger (id INTEGER PRIMARY KEY, memo TEXT NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
            INSERT INTO ledger (memo) SELECT hex(randomblob(80)) FROM n;
            """;

    @TempDir
    Path dir;

    private final FileSystemFaults faults = new FileSystemFaults();
    private final List<SchemagateProcess> started = new ArrayList<>();

    private Path data;

    @BeforeEach
    void corpus() {
        data = dir.resolve("data");
        Sqlite.write(migrations(), "V1__keep.sql", """
                CREATE TABLE keep (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                INSERT INTO keep (note) SELECT printf('row %d %s', i, hex(randomblob(40))) FROM n;
                """);
    }

    @AfterEach
    void cleanUp() {
        started.forEach(SchemagateProcess::destroy);
        started.forEach(p -> {
            try {
                p.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        faults.close();
    }

    @Test
    void diskFullDuringTheBatchOnMigrate() throws Exception {
        faults.smallDisk(data, "1m");
        assertThat(migrate().exitCode()).isZero();
        addBigV2();
        Before before = beforeTheBatch();

        Result full = migrate();
        assertThat(full.exitCode()).as("%s", full).isEqualTo(74);
        assertStorageMessage(full.stderr(), "the disk is full", "SQLITE_FULL", "free space on the file system");
        assertUnchanged(before);

        faults.resize(data, "64m");
        Result after = migrate();
        assertThat(after.exitCode()).as("%s", after).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    @Test
    void diskFullDuringTheBatchOnTheDaemon() throws Exception {
        faults.smallDisk(data, "1m");
        SchemagateProcess daemon = daemon();
        assertThat(waitFor("1").exitCode()).isZero();
        addBigV2();
        Before before = beforeTheBatch();

        hangUp(daemon);
        Result failed = waitFor("2");
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(74);
        assertThat(failed.stderr()).contains("DISK_FULL");
        assertStorageMessage(failed.stderr(), "the disk is full", "SQLITE_FULL", "free space on the file system");
        assertUnchanged(before);
        assertThat(daemon.process().isAlive()).isTrue();

        faults.resize(data, "64m");
        hangUp(daemon);
        Result ready = waitFor("2");
        assertThat(ready.exitCode())
                .as("the same daemon migrates once space is free: %s", ready)
                .isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    @Test
    void immutableDatabaseFileOnMigrateAndOnTheDaemon() throws Exception {
        Files.createDirectories(data);
        assertThat(migrate().exitCode()).isZero();
        Sqlite.write(migrations(), "V2__small.sql", "CREATE TABLE second (x);\n");
        Before before = beforeTheBatch();
        faults.immutable(db());

        Result refused = migrate();
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(74);
        assertStorageMessage(refused.stderr(), "cannot be written", "SQLITE_READONLY", "lsattr");
        assertUnchanged(before);

        SchemagateProcess daemon = daemon();
        Result failed = waitFor("2");
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(74);
        assertThat(failed.stderr()).contains("READ_ONLY").contains("lsattr");
        assertUnchanged(before);

        faults.mutable(db());
        hangUp(daemon);
        assertThat(waitFor("2").exitCode()).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    @Test
    void readOnlyDatabaseFolderOnMigrateAndOnTheDaemon() throws Exception {
        Files.createDirectories(data);
        assertThat(migrate().exitCode()).isZero();
        Sqlite.write(migrations(), "V2__small.sql", "CREATE TABLE second (x);\n");
        Before before = beforeTheBatch();
        faults.readOnlyFolder(data);

        Result refused = migrate();
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(74);
        assertStorageMessage(refused.stderr(), "cannot be written", readOnlyFolderCode(), "findmnt");
        assertUnchanged(before);

        SchemagateProcess daemon = daemon();
        Result failed = waitFor("2");
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(74);
        assertThat(failed.stderr()).contains("READ_ONLY");
        assertUnchanged(before);

        faults.writableAgain(data);
        hangUp(daemon);
        assertThat(waitFor("2").exitCode()).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    @Test
    void ioErrorOnWriteOnTheDaemon() throws Exception {
        Files.createDirectories(data);
        SchemagateProcess daemon = daemon();
        assertThat(waitFor("1").exitCode()).isZero();
        addBigV2();
        Before before = beforeTheBatch();
        // Lowered after start: before it, sqlite-jdbc could not even unpack its native library.
        FileSystemFaults.fileSizeLimit(daemon.pid(), Long.toString(before.mainFile().length));

        hangUp(daemon);
        Result failed = waitFor("2");
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(74);
        assertThat(failed.stderr()).contains("IO_ERROR");
        assertStorageMessage(failed.stderr(), "an I/O error", "SQLITE_IOERR", "ulimit -f");
        assertUnchanged(before);
        assertThat(daemon.process().isAlive()).isTrue();

        FileSystemFaults.fileSizeLimit(daemon.pid(), "unlimited");
        hangUp(daemon);
        assertThat(waitFor("2").exitCode()).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    @Test
    void ioErrorOnWriteOnMigrate() throws Exception {
        Files.createDirectories(data);
        assertThat(migrate().exitCode()).isZero();
        addBigV2();
        Before before = beforeTheBatch();
        SchemagateProcess victim;
        // The shell's lock holds migrate after start-up (native library loaded, folder read), before any write:
        // that is where the limit goes on, with certainty rather than timing.
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            victim = SchemagateProcess.start(
                    dir.resolve("out"),
                    "migrate",
                    "--db",
                    db().toString(),
                    "--migrations",
                    migrations().toString(),
                    "--lock-busy-timeout",
                    "50ms",
                    "--lock-backoff",
                    "20ms",
                    "--lock-retries",
                    "1000",
                    "--lock-deadline",
                    "2m");
            started.add(victim);
            await().atMost(DEADLINE).until(() -> victim.stderr().contains("locked by another writer (attempt 4 "));
            FileSystemFaults.fileSizeLimit(victim.pid(), Long.toString(before.mainFile().length));
            holder.release();
        }
        Result failed = victim.await(DEADLINE);
        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(74);
        assertStorageMessage(failed.stderr(), "an I/O error", "SQLITE_IOERR", "ulimit -f");
        assertUnchanged(before);
        assertThat(migrate().exitCode()).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
    }

    private void addBigV2() {
        Sqlite.write(migrations(), "V2__ledger.sql", BIG_V2);
    }

    /** The cause, SQLite's code and the action; never the migration file as the thing to fix. */
    private static void assertStorageMessage(String stderr, String cause, String sqliteCode, String action) {
        assertThat(stderr)
                .contains(cause)
                .contains(sqliteCode)
                .contains(action)
                .contains("The migration files are not at fault")
                .doesNotContain("fix V2")
                .doesNotContain("Exception");
    }

    /** SQLite's code for a database in a read-only folder: SQLITE_READONLY when it can open the file at all. */
    String readOnlyFolderCode() {
        return "SQLITE_READONLY";
    }

    /** What a failed batch must leave exactly as it was: the main file's bytes and the logical content. */
    record Before(byte[] mainFile, String dump) {}

    /**
     * Readies the database for the batch and records it. Here it stays in rollback-journal mode (SQLite's default);
     * {@link WalStorageFaultIT} switches it to WAL first.
     */
    Before beforeTheBatch() throws Exception {
        return new Before(Files.readAllBytes(db()), Sqlite3.dump(db()));
    }

    /** Byte for byte the file before the batch, no journal left behind, and a sound database. */
    void assertUnchanged(Before before) throws Exception {
        assertThat(Files.readAllBytes(db()))
                .as("database bytes after the failed batch")
                .isEqualTo(before.mainFile());
        assertThat(data.resolve("app.db-journal")).doesNotExist();
        assertThat(Sqlite.rows(db(), "PRAGMA integrity_check")).containsExactly("ok");
    }

    Path db() {
        return data.resolve("app.db");
    }

    private Path migrations() {
        return dir.resolve("migrations");
    }

    private Path socket() {
        return dir.resolve("run").resolve("sg.sock");
    }

    private Result migrate() {
        SchemagateProcess p = SchemagateProcess.start(
                dir.resolve("out"),
                "migrate",
                "--db",
                db().toString(),
                "--migrations",
                migrations().toString());
        started.add(p);
        return p.await(DEADLINE);
    }

    private SchemagateProcess daemon() {
        SchemagateProcess p = SchemagateProcess.start(
                dir.resolve("out"),
                "daemon",
                "--db",
                db().toString(),
                "--migrations",
                migrations().toString(),
                "--socket",
                socket().toString(),
                "--metrics",
                "off");
        started.add(p);
        return p;
    }

    /** {@code schemagate wait}: 0 once READY at {@code version} or later, else the FAILED verdict's exit code. */
    private Result waitFor(String version) {
        SchemagateProcess p = SchemagateProcess.start(
                dir.resolve("out"), "wait", "--socket", socket().toString(), "--timeout", "60s", "--requires", version);
        started.add(p);
        return p.await(DEADLINE);
    }

    private static void hangUp(SchemagateProcess daemon) throws Exception {
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid()))
                        .start()
                        .waitFor())
                .isZero();
    }
}
