package dev.schemagate.daemon.lock;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * Finishes SQLite's own rollback after a storage fault, so the file is byte for byte as before the batch.
 *
 * <p>Why: after SQLITE_FULL or SQLITE_IOERR the connection's pager is in its error state. SQLite has rolled the
 * transaction back in memory, but closing that connection leaves the grown file and a hot journal on disk
 * (verified: a 212 KiB database stayed at 1 MiB with a 5.5 KiB journal). The next connection to read the file
 * plays the journal back, truncates the file and deletes the journal; this class is that next connection, at once,
 * instead of whichever worker happens to open the file first.
 */
public final class HotJournal {
    private static final Logger LOG = Logger.getLogger(HotJournal.class.getName());

    private HotJournal() {}

    /** Opens {@code database} and reads it, which makes SQLite roll back a hot journal; never throws. */
    public static void rollBack(Path database) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM sqlite_schema").close();
        } catch (SQLException e) {
            LOG.warning(() -> "cannot roll back the journal of " + database + " yet (" + SqliteErrors.describe(e)
                    + "); SQLite rolls it back when the file is next opened with write access");
        }
    }
}
