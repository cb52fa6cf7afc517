package dev.schemagate.daemon.lock;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The storage under the database failed (disk full, I/O error, read-only); exit 74. The batch, if one ran, was
 * rolled back by SQLite and the database is as it was.
 */
public final class StorageFailedException extends SchemagateException {
    private final StorageFault fault;

    private StorageFailedException(StorageFault fault, String message, SQLException cause) {
        super(ExitCodes.IO_ERR, message, cause);
        this.fault = fault;
    }

    /**
     * The error for {@code e}, met while doing {@code during} ("running V2__x.sql line 3", "opening it"); {@code
     * outcome} says what became of the batch (or is empty when none was under way).
     */
    public static StorageFailedException of(
            StorageFault fault, Path database, SQLException e, String during, String outcome) {
        return new StorageFailedException(
                fault,
                "schemagate: " + fault.what() + " (" + SqliteErrors.describe(e) + ") while " + during + " on "
                        + database + "." + (outcome.isEmpty() ? "" : "\n" + outcome)
                        + "\nThe migration files are not at fault."
                        + "\nAction: " + fault.action(database) + "; then run schemagate again (or reload the daemon).",
                e);
    }

    public StorageFault fault() {
        return fault;
    }
}
