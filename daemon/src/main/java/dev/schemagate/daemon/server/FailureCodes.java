package dev.schemagate.daemon.server;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockTimeoutException;
import dev.schemagate.daemon.lock.StorageFailedException;
import dev.schemagate.daemon.migrate.MigrationFailedException;
import dev.schemagate.daemon.migrate.MigrationFilesException;
import dev.schemagate.daemon.migrate.NotAdoptedException;
import dev.schemagate.daemon.migrate.SnapshotFailedException;
import dev.schemagate.protocol.ErrorCodes;

/** Maps an engine failure to the stable FAILED code agents and scripts see. */
final class FailureCodes {
    private FailureCodes() {}

    static String of(Throwable failure) {
        if (failure instanceof NotAdoptedException) {
            return ErrorCodes.NOT_ADOPTED;
        }
        if (!(failure instanceof SchemagateException)) {
            return ErrorCodes.INTERNAL_ERROR; // the engine reports every failure a user can act on as one
        }
        if (failure instanceof MigrationFilesException) {
            return ErrorCodes.BAD_MIGRATION_FILES;
        }
        if (failure instanceof LockTimeoutException) {
            return ErrorCodes.LOCK_TIMEOUT;
        }
        if (failure instanceof StorageFailedException storage) {
            return storage.fault().code();
        }
        if (failure instanceof SnapshotFailedException) {
            return ErrorCodes.SNAPSHOT_FAILED;
        }
        return ErrorCodes.MIGRATION_FAILED;
    }

    /** The failure's text: the engine's own message, or for an internal error what it was and what to do. */
    static String describe(Throwable failure) {
        if (failure instanceof SchemagateException) {
            return String.valueOf(failure.getMessage());
        }
        boolean memory = failure instanceof OutOfMemoryError;
        return "schemagate: the migration run stopped on an internal error: " + failure
                + ". SQLite rolls back a transaction that was not committed, so the database is as it was unless the"
                + " COMMIT had completed (schemagate status shows what is applied); the stack trace is in the"
                + " daemon's log. Action: "
                + (memory
                        ? "give the daemon more heap (-Xmx in JAVA_OPTS of the unit) or split the large migration,"
                        : "report the stack trace as a bug,")
                + " then reload the daemon (systemctl reload schemagate).";
    }

    /** Lines of each drifted file's diff that the daemon logs; a rewritten file would otherwise flood the journal. */
    static final int MAX_LOGGED_DIFF_LINES = 200;

    /** The failure's text for the FAILED line and {@code /status}: without diffs, which stay in the log. */
    static String forAgents(Throwable failure) {
        return failure instanceof MigrationFilesException m
                ? m.withoutDiffs(MigrationFilesException.DIFFS_IN_DAEMON_LOG)
                : describe(failure);
    }

    /** The failure's text for the daemon's log: diffs included, each capped. */
    static String forLog(Throwable failure) {
        return failure instanceof MigrationFilesException m
                ? m.withDiffsCapped(MAX_LOGGED_DIFF_LINES)
                : describe(failure);
    }

    /** Splits "what happened ... Action: what to do" into its two halves; the action may be absent. */
    static String[] split(String text) {
        int at = text.lastIndexOf("Action: ");
        if (at < 0) {
            return new String[] {text.trim(), null};
        }
        return new String[] {
            text.substring(0, at).trim(),
            text.substring(at + "Action: ".length()).trim()
        };
    }

    /** Agents print their own {@code schemagate-agent:} prefix; the engine's {@code schemagate: } would double it. */
    static String withoutPrefix(String text) {
        return text.startsWith("schemagate: ") ? text.substring("schemagate: ".length()) : text;
    }

    static String file(Throwable failure) {
        return failure instanceof MigrationFailedException m ? m.script() : null;
    }

    static int line(Throwable failure) {
        return failure instanceof MigrationFailedException m && m.line() > 0 ? m.line() : -1;
    }
}
