package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads another tool's history table and turns it into schemagate history rows, each matched to a file.
 *
 * <p>Problems that must stop the import (a failed row, a checksum that does not match, a dirty flag) go into
 * {@code problems}; things the user should know that do not stop it go into {@code warnings}.
 */
interface HistoryImport {
    List<AppliedMigration> read(
            Connection connection, List<MigrationFile> files, List<String> problems, List<String> warnings)
            throws SQLException;

    static HistoryImport of(ImportFormat format) {
        return switch (format) {
            case FLYWAY -> new FlywayHistoryImport();
            case SEED -> new SeedHistoryImport();
            case GOLANG_MIGRATE -> new GolangMigrateHistoryImport();
        };
    }
}
