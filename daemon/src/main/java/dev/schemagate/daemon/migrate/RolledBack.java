package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.StorageFailedException;
import dev.schemagate.daemon.lock.StorageFault;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Path;
import java.sql.SQLException;

/** The error for a command's write transaction (baseline, import, repair) that failed and was rolled back. */
final class RolledBack {
    private RolledBack() {}

    /**
     * A read-only, full or failing disk is the storage's fault, not the command's: exit 74 as {@code migrate} gives;
     * anything else is 70. {@code doing} names the command's work ("adopting", "repairing"), {@code outcome} what the
     * rollback left ("It was rolled back: ...").
     */
    static SchemagateException of(Path database, SQLException e, String doing, String outcome) {
        StorageFault fault = StorageFault.of(e);
        if (fault != null) {
            return StorageFailedException.of(fault, database, e, doing + " it", outcome);
        }
        return new SchemagateException(
                ExitCodes.SOFTWARE,
                "schemagate: " + doing + " " + database + " failed: " + e.getMessage()
                        + "; it was rolled back and nothing changed. Action: check that the file is a writable"
                        + " SQLite database, then run the command again.",
                e);
    }
}
