package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockTimeoutException;
import dev.schemagate.daemon.lock.SqliteErrors;
import dev.schemagate.daemon.lock.StorageFailedException;
import dev.schemagate.daemon.lock.StorageFault;
import dev.schemagate.daemon.lock.WriteLock;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Builds the errors of a failed batch. Each says what failed (file, line, SQLite's own message), that nothing of
 * the batch remains, and what to do.
 */
final class BatchFailure {
    private static final int SNIPPET = 160;

    private BatchFailure() {}

    static SchemagateException statementFailed(
            Path database, MigrationFile file, SqlStatement sql, SQLException e, int batchSize, MigrationPlan plan) {
        StorageFault fault = StorageFault.of(e);
        if (fault != null) {
            return StorageFailedException.of(
                    fault,
                    database,
                    e,
                    "running " + file.script() + " (line " + sql.line() + ")",
                    rolledBack(batchSize, plan));
        }
        return new MigrationFailedException(
                "schemagate: migration " + file.script() + " failed at line " + sql.line()
                        + ": " + SqliteErrors.describe(e) + "\n  statement: " + snippet(sql.sql()) + "\n"
                        + rolledBack(batchSize, plan)
                        + "\nAction: fix " + file.script() + " (line " + sql.line() + ") and run schemagate again"
                        + " (or reload the daemon).",
                file.script(),
                sql.line(),
                e);
    }

    static MigrationFailedException foreignKeys(
            ForeignKeyViolations after, ForeignKeyViolations before, int batchSize, MigrationPlan plan) {
        int added = after.addedCount();
        String earlier = before.count() == 0
                ? ""
                : "(" + before.count() + (before.count() == 1 ? " violation" : " violations")
                        + " already in the database before the batch, in " + before.tables()
                        + (before.count() == 1 ? ", was" : ", were") + " not counted.)\n";
        return new MigrationFailedException(
                "schemagate: the batch adds " + ForeignKeyViolations.violations(added)
                        + " (PRAGMA foreign_key_check): " + String.join("; ", after.addedNamed())
                        + (added > after.addedNamed().size() ? "; ..." : "") + "\n" + earlier
                        + rolledBack(batchSize, plan)
                        + "\nAction: make the migrations insert or keep the referenced rows (or delete the orphans), then run"
                        + " schemagate again.",
                null,
                0,
                null);
    }

    static SchemagateException commitFailed(
            Path database, SQLException e, int batchSize, MigrationPlan plan, WriteLock lock) {
        StorageFault fault = StorageFault.of(e);
        if (fault != null) {
            return StorageFailedException.of(fault, database, e, "committing the batch", rolledBack(batchSize, plan));
        }
        if (SqliteErrors.isBusy(e)) {
            // Temporary, like a lock timeout (exit 75, FAILED LOCK_TIMEOUT): nothing is wrong with the files.
            return new LockTimeoutException(
                    "schemagate: COMMIT on " + database + " stayed busy after " + lock.commitAttempts()
                            + (lock.commitAttempts() == 1 ? " attempt" : " attempts") + " over "
                            + lock.commitWaited().toMillis() + "ms: " + SqliteErrors.describe(e)
                            + ". In rollback-journal mode a commit waits for every open reader."
                            + "\nThe batch was rolled back; the database is as it was (schema version " + version(plan)
                            + ")."
                            + "\nAction: run schemagate again (or reload the daemon) when readers are idle, raise"
                            + " --lock-deadline if long reads are expected, or switch the database to WAL"
                            + " (sqlite3 FILE 'PRAGMA journal_mode=WAL'), where a commit does not wait for readers.",
                    lock.commitAttempts());
        }
        return new MigrationFailedException(
                "schemagate: COMMIT on " + database + " failed: " + SqliteErrors.describe(e)
                        + "\nThe batch was rolled back; the database is as it was (schema version " + version(plan)
                        + ")."
                        + "\nAction: check disk space and permissions, then run schemagate again.",
                null,
                0,
                e);
    }

    static SchemagateException historyUnreadable(Path database, SQLException e) {
        StorageFault fault = StorageFault.of(e, database);
        if (fault != null) {
            return StorageFailedException.of(
                    fault, database, e, "reading " + SchemaHistory.TABLE, "Nothing was applied.");
        }
        return new SchemagateException(
                ExitCodes.SOFTWARE,
                "schemagate: cannot read " + SchemaHistory.TABLE + " in "
                        + database + ": " + SqliteErrors.describe(e)
                        + ". Action: check that the path names an SQLite database"
                        + " and that this user can read it.",
                e);
    }

    static SchemagateException historyUnwritable(Path database, SQLException e, int batchSize, MigrationPlan plan) {
        StorageFault fault = StorageFault.of(e);
        if (fault != null) {
            return StorageFailedException.of(
                    fault, database, e, "recording the batch in " + SchemaHistory.TABLE, rolledBack(batchSize, plan));
        }
        return new MigrationFailedException(
                "schemagate: cannot record the batch in " + SchemaHistory.TABLE + ": "
                        + SqliteErrors.describe(e)
                        + "\nThe batch was rolled back; the database is as it was (schema version "
                        + version(plan) + ").\nAction: check that no migration alters or drops " + SchemaHistory.TABLE
                        + ", then run schemagate again.",
                null,
                0,
                e);
    }

    private static String rolledBack(int batchSize, MigrationPlan plan) {
        return "The whole batch of " + batchSize + (batchSize == 1 ? " migration" : " migrations")
                + " was rolled back; the database is as it was (schema version " + version(plan) + ").";
    }

    private static String version(MigrationPlan plan) {
        return plan.highestApplied() == null ? "none" : plan.highestApplied().toString();
    }

    private static String snippet(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "...";
    }
}
