package dev.schemagate.daemon.migrate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a batch of parsed migrations on a connection that is inside the write transaction, records each in the
 * history, and checks foreign keys. It never commits: the caller does, or rolls everything back.
 */
final class BatchApplier {
    private final Connection connection;
    private final Path database;
    private final MigrationListener listener;
    private final String appliedBy = ProcessIdentity.hostAndPid();
    private final StatementObserver observer;
    private final List<String> warnings = new ArrayList<>();

    BatchApplier(Connection connection, Path database, MigrationListener listener) {
        this(connection, database, listener, StatementObserver.NONE);
    }

    BatchApplier(Connection connection, Path database, MigrationListener listener, StatementObserver observer) {
        this.connection = connection;
        this.database = database;
        this.listener = listener;
        this.observer = observer;
    }

    List<AppliedMigration> apply(List<ParsedMigration> batch, boolean hasHistory, MigrationPlan plan) {
        List<AppliedMigration> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            SchemaHistory.createOrUpgrade(connection, hasHistory);
            // Counted inside the transaction, before any change: only what the batch adds is its fault.
            ForeignKeyViolations before = ForeignKeyViolations.check(connection, null);
            String appliedAt = Migrator.now();
            for (int i = 0; i < batch.size(); i++) {
                ParsedMigration migration = batch.get(i);
                MigrationFile file = migration.file();
                listener.migrating(i + 1, batch.size(), file);
                long started = System.nanoTime();
                observer.migrationStarting(file);
                for (SqlStatement sql : migration.statements()) {
                    long statementStarted = System.nanoTime();
                    try {
                        statement.execute(sql.sql());
                    } catch (SQLException e) {
                        throw BatchFailure.statementFailed(database, file, sql, e, batch.size(), plan);
                    }
                    observer.statementRan(sql, System.nanoTime() - statementStarted);
                }
                observer.migrationDone(file);
                AppliedMigration row = new AppliedMigration(
                        file.version(),
                        file.description(),
                        file.script(),
                        file.checksum(),
                        appliedAt,
                        (System.nanoTime() - started) / 1_000_000,
                        appliedBy);
                // The very text the statements came from, so it and the checksum stay a pair (FileRaceIT).
                SchemaHistory.insert(connection, row, file.sql());
                applied.add(row);
            }
            checkForeignKeys(before, batch.size(), plan);
        } catch (SQLException e) {
            throw BatchFailure.historyUnwritable(database, e, batch.size(), plan);
        }
        return applied;
    }

    /** What the caller should log although the batch went through: orphans that were there before it. */
    List<String> warnings() {
        return warnings;
    }

    /** Foreign keys are not enforced during the batch (SQLite ignores PRAGMA foreign_keys in a transaction). */
    private void checkForeignKeys(ForeignKeyViolations before, int batchSize, MigrationPlan plan) throws SQLException {
        ForeignKeyViolations after = ForeignKeyViolations.check(connection, before);
        if (after.addedCount() > 0) {
            throw BatchFailure.foreignKeys(after, before, batchSize, plan);
        }
        String warning = before.preExistingWarning();
        if (warning != null) {
            warnings.add(warning);
        }
    }
}
