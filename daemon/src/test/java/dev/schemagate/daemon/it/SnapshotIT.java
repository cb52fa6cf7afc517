package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
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
 * {@code migrate --snapshot-dir}: a copy of the pre-batch database per non-empty batch, named by versions and time,
 * pruned to {@code --snapshot-keep}; {@code restore} puts one back, and refuses while another process uses the file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SnapshotIT {
    @TempDir
    Path dir;

    private SnapshotCase files;

    @BeforeEach
    void layout() {
        files = new SnapshotCase(dir);
    }

    private Path db() {
        return files.db();
    }

    private Path snaps() {
        return files.snaps();
    }

    private Result schemagate(String... args) {
        return files.schemagate(args);
    }

    private Result migrate(String... extra) {
        return files.migrate(extra);
    }

    private List<String> snapshotNames() throws Exception {
        return files.snapshotNames();
    }

    @Test
    void eachBatchLeavesThePreBatchCopyAndRestorePutsItBack() throws Exception {
        files.writeUsers();
        assertThat(migrate().exitCode()).isZero();
        Sqlite.write(files.migrations(), "V2__bad_cleanup.sql", "DELETE FROM users;\n");
        Result second = migrate();
        assertThat(second.exitCode()).as("%s", second).isZero();
        assertThat(Sqlite.rows(db(), "SELECT count(*) FROM users")).containsExactly("0");

        List<String> names = snapshotNames();
        assertThat(names).hasSize(2);
        assertThat(names.get(0)).matches("app\\.db\\.v0-to-v1\\.\\d{8}T\\d{6}-\\d{3}Z\\.snapshot\\.db");
        assertThat(names.get(1)).matches("app\\.db\\.v1-to-v2\\.\\d{8}T\\d{6}-\\d{3}Z\\.snapshot\\.db");
        Path beforeV2 = snaps().resolve(names.get(1));
        assertThat(Sqlite.rows(beforeV2, "SELECT count(*) FROM users")).containsExactly("2");
        assertThat(Sqlite.history(beforeV2)).containsExactly("1");
        assertThat(Sqlite.rows(beforeV2, "PRAGMA integrity_check")).containsExactly("ok");

        Result status = schemagate(
                "status",
                "--db",
                db().toString(),
                "--migrations",
                files.migrations().toString(),
                "--snapshot-dir",
                snaps().toString());
        assertThat(status.stdout()).contains("latest snapshot: " + beforeV2);
        Result noop = migrate();
        assertThat(noop.exitCode()).isZero();
        assertThat(snapshotNames()).as("nothing pending: no snapshot").hasSize(2);

        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            Result refused = schemagate("restore", beforeV2.toString(), "--db", db().toString());
            assertThat(refused.exitCode()).as("%s", refused).isEqualTo(75);
            assertThat(refused.stderr())
                    .contains("will not restore over " + db())
                    .contains("pid " + holder.pid());
            holder.release(); // ROLLBACK and quit: no hot journal left behind
            org.awaitility.Awaitility.await()
                    .atMost(RealDaemon.WAIT)
                    .until(() -> dev.schemagate.daemon.lock.LockHolderFinder.holdersOf(db())
                                    .isEmpty()
                            && !Files.exists(dir.resolve("app.db-journal")));
        }
        assertThat(Sqlite.rows(db(), "SELECT count(*) FROM users")).containsExactly("0");

        Result restored = schemagate("restore", beforeV2.toString(), "--db", db().toString());

        assertThat(restored.exitCode()).as("%s", restored).isZero();
        assertThat(Sqlite.rows(db(), "SELECT count(*) FROM users")).containsExactly("2");
        assertThat(Sqlite.history(db())).containsExactly("1");
        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("the replaced file is kept, no partial file is left")
                    .anyMatch(n -> n.startsWith("app.db.before-restore."))
                    .noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void onlyTheNewestKeepSnapshotsStay() throws Exception {
        for (int v = 1; v <= 4; v++) {
            Sqlite.write(files.migrations(), "V" + v + "__t" + v + ".sql", "CREATE TABLE t" + v + " (x);\n");
            assertThat(migrate("--snapshot-keep", "2").exitCode()).isZero();
        }
        List<String> names = snapshotNames();
        assertThat(names).hasSize(2);
        assertThat(names.get(0)).startsWith("app.db.v2-to-v3.");
        assertThat(names.get(1)).startsWith("app.db.v3-to-v4.");
        assertThat(schemagate("restore", dir.resolve("nope.db").toString(), "--db", db().toString())
                        .exitCode())
                .isEqualTo(65);
    }
}
