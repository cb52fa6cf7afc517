package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;

/**
 * The snapshot asked for before a batch could not be written; exit 74, FAILED {@code SNAPSHOT_FAILED}. It is taken
 * before the batch's first write, so nothing ran and the database is as it was. The batch is not run without it:
 * whoever turned snapshots on asked for a way back from every batch.
 */
public final class SnapshotFailedException extends SchemagateException {
    SnapshotFailedException(String message, Throwable cause) {
        super(ExitCodes.IO_ERR, message, cause);
    }
}
