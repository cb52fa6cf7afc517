package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.FileSystemFaults;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot before a batch cannot be written, for real (a full tmpfs, a read-only bind mount under the snapshot
 * folder): whoever turned snapshots on asked for a way back from every batch, so the batch does not run. Both
 * {@code migrate} and the daemon exit 74 / FAILED {@code SNAPSHOT_FAILED} naming the folder and the action, leave
 * the database byte for byte as it was and no partial file; once the folder is fixed, the same command (or a
 * reload of the same daemon) snapshots and migrates.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SnapshotFaultIT {
    @TempDir
    Path dir;

    private final FileSystemFaults faults = new FileSystemFaults();
    private SchemagateProcess daemon;
    private SnapshotCase files;

    @BeforeEach
    void versionOneWithRows() {
        files = new SnapshotCase(dir);
        // ~300 KB of rows: more than the small disk below holds.
        Sqlite.write(migrations(), "V1__notes.sql", """
                CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO notes (body) SELECT hex(randomblob(50)) FROM n;
                """);
        assertThat(schemagate(
                                "migrate",
                                "--db",
                                db().toString(),
                                "--migrations",
                                migrations().toString())
                        .exitCode())
                .isZero();
        Sqlite.write(migrations(), "V2__drop_notes.sql", "DELETE FROM notes;\n");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            daemon.process().waitFor(10, TimeUnit.SECONDS);
        }
        faults.close();
    }

    @Test
    void aFullSnapshotDiskStopsMigrateBeforeItsBatch() throws Exception {
        faults.smallDisk(snaps(), "64k");
        byte[] before = Files.readAllBytes(db());

        Result full = migrate();

        assertThat(full.exitCode()).as("%s", full).isEqualTo(74);
        assertSnapshotMessage(full.stderr());
        assertThat(full.stderr()).contains("SQLITE_FULL");
        assertUnchanged(before);

        faults.resize(snaps(), "16m");
        Result after = migrate();
        assertThat(after.exitCode()).as("%s", after).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
        assertThat(snapshotNames()).singleElement().asString().startsWith("app.db.v1-to-v2.");
    }

    @Test
    void aReadOnlySnapshotFolderFailsTheDaemonsBatchUntilItIsFixedAndReloaded() throws Exception {
        Files.createDirectories(snaps());
        faults.readOnlyFolder(snaps());
        byte[] before = Files.readAllBytes(db());
        daemon = RealDaemon.start(dir, "--snapshot-dir", snaps().toString());

        Result failed = RealDaemon.waitFor(dir, "2");

        assertThat(failed.exitCode()).as("%s", failed).isEqualTo(74);
        assertThat(failed.stderr()).contains("SNAPSHOT_FAILED");
        assertSnapshotMessage(failed.stderr());
        assertUnchanged(before);
        assertThat(daemon.process().isAlive()).isTrue();

        faults.writableAgain(snaps());
        daemon.signal("HUP");
        await().atMost(RealDaemon.WAIT).until(() -> daemon.stderr().contains("SIGHUP: "));
        Result ready = RealDaemon.waitFor(dir, "2");
        assertThat(ready.exitCode())
                .as("the same daemon migrates once the folder is fixed: %s", ready)
                .isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2");
        assertThat(snapshotNames()).singleElement().asString().startsWith("app.db.v1-to-v2.");
    }

    /** What failed, where, that nothing ran, and what to do. */
    private void assertSnapshotMessage(String stderr) {
        assertThat(stderr)
                .contains("cannot take the snapshot of " + db() + " into " + snaps())
                .contains("the batch did not run: nothing was applied")
                // The agent and wait print "action:" in lower case after the daemon's text.
                .containsIgnoringCase("Action: make " + snaps() + " writable")
                .contains("snapshot.dir: off")
                .doesNotContain("fix V2")
                .doesNotContain("Exception");
    }

    /** Byte for byte the file before the batch, no journal, no snapshot and no partial file left behind. */
    private void assertUnchanged(byte[] before) throws Exception {
        assertThat(Files.readAllBytes(db())).as("database bytes").isEqualTo(before);
        assertThat(dir.resolve("app.db-journal")).doesNotExist();
        assertThat(snapshotNames()).as("files in the snapshot folder").isEmpty();
        assertThat(Sqlite.history(db())).containsExactly("1");
    }

    private List<String> snapshotNames() throws Exception {
        return files.snapshotNames();
    }

    private Result migrate() {
        return files.migrate();
    }

    private Result schemagate(String... args) {
        return files.schemagate(args);
    }

    private Path db() {
        return files.db();
    }

    private Path migrations() {
        return files.migrations();
    }

    private Path snaps() {
        return files.snaps();
    }
}
