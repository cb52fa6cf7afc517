package dev.schemagate.daemon.lock;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;

/**
 * The write lock could not be taken, or a COMMIT stayed busy with readers, before the deadline or the last retry;
 * nothing was changed; exit 75. A temporary condition: trying again later can succeed.
 */
public final class LockTimeoutException extends SchemagateException {
    private final int attempts;

    public LockTimeoutException(String message, int attempts) {
        super(ExitCodes.TEMP_FAIL, message);
        this.attempts = attempts;
    }

    /** How many times BEGIN IMMEDIATE (or COMMIT) was tried. */
    public int attempts() {
        return attempts;
    }
}
