package dev.schemagate.daemon.migrate;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Reads the history without the write lock (a plain read-only connection), for status, validate and the no-op
 * fast path. Never creates the database file.
 */
public final class HistoryReader {
    private HistoryReader() {}

    /** The plan as seen by a reader right now; a database that does not exist yet has nothing applied. */
    public static MigrationPlan planWithoutLock(MigrateSettings settings, List<MigrationFile> files) {
        if (!Files.exists(settings.database())) {
            return MigrationPlan.of(files, List.of(), settings.allowOutOfOrder());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.lock().busyTimeout().toMillis()));
        try (Connection connection = config.createConnection("jdbc:sqlite:" + settings.database())) {
            return MigrationPlan.of(files, SchemaHistory.read(connection), settings.allowOutOfOrder());
        } catch (SQLException e) {
            throw BatchFailure.historyUnreadable(settings.database(), e);
        }
    }
}
