package dev.schemagate.daemon.server;

import dev.schemagate.daemon.lock.LockTimeoutException;
import dev.schemagate.daemon.lock.StorageFailedException;
import dev.schemagate.daemon.migrate.MigrationFailedException;
import dev.schemagate.daemon.migrate.MigrationFilesException;
import dev.schemagate.protocol.ErrorCodes;

/** Maps an engine failure to the stable FAILED code agents and scripts see. */
final class FailureCodes {
    private FailureCodes() {}

    static String of(Throwable failure) {
        if (failure instanceof MigrationFilesException) {
            return ErrorCodes.BAD_MIGRATION_FILES;
        }
        if (failure instanceof LockTimeoutException) {
            return ErrorCodes.LOCK_TIMEOUT;
        }
        if (failure instanceof StorageFailedException storage) {
            return storage.fault().code();
        }
        return ErrorCodes.MIGRATION_FAILED;
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
