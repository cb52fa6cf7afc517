package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every fault of {@link StorageFaultIT} again, with the database in WAL mode ({@code PRAGMA journal_mode=WAL} set
 * before the batch): in WAL the batch's pages go to the {@code -wal} file, not to a rollback journal, so a fault
 * strikes a different file and SQLite's recovery takes a different path.
 */
class WalStorageFaultIT extends StorageFaultIT {

    @Override
    Before beforeTheBatch() throws Exception {
        assertThat(Sqlite.rows(db(), "PRAGMA journal_mode=WAL")).containsExactly("wal");
        return super.beforeTheBatch();
    }

    /**
     * In WAL mode even a reader must create the {@code -shm} file beside the database, so in a read-only folder SQLite
     * cannot open it at all: SQLITE_CANTOPEN, which schemagate must still report as a read-only database (74), not as
     * a wrong path (70).
     */
    @Override
    String readOnlyFolderCode() {
        return "SQLITE_CANTOPEN";
    }

    /**
     * The same content, compared logically with {@code sqlite3 .dump}, not as the main file's bytes. Why: in WAL mode
     * the database is the main file plus the committed frames of the {@code -wal} file. Equal main-file bytes would
     * pass even if the failed batch had left committed frames in the WAL (the very fault to catch), and a checkpoint,
     * which any connection may run when it closes, rewrites the main file's pages without changing what the database
     * holds. So the WAL is checked first (no frame left), then the content is compared as a dump.
     */
    @Override
    void assertUnchanged(Before before) throws Exception {
        // The failed batch's frames must not stay behind either: on a full disk they would keep it full.
        Path wal = db().resolveSibling(db().getFileName() + "-wal");
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L)
                .as("bytes left in %s after the failed batch", wal)
                .isZero();
        // With no WAL frame left, the main file is the whole database, so reading it as immutable is exact. It is also
        // the only way in while the folder is read-only: an ordinary reader must create the -shm file and cannot.
        String database = "file:" + db() + "?immutable=1";
        assertThat(Sqlite3.command(database, ".dump"))
                .as("database content after the failed batch")
                .isEqualTo(before.dump());
        assertThat(Sqlite3.command(database, "PRAGMA integrity_check")).isEqualTo("ok\n");
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(db())) {
            assertThat(in.readNBytes(header, 0, 20)).isEqualTo(20);
        }
        assertThat(header[18]).as("file format read version: 2 means WAL").isEqualTo((byte) 2);
    }
}
