package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;

/** A statement failed; the whole batch was rolled back and the database is as it was; exit 70. */
public final class MigrationFailedException extends SchemagateException {
    private final String script;
    private final int line;

    public MigrationFailedException(String message, String script, int line, Throwable cause) {
        super(ExitCodes.SOFTWARE, message, cause);
        this.script = script;
        this.line = line;
    }

    /** The file whose statement failed, or null when the failure came after all files ran (foreign keys, commit). */
    public String script() {
        return script;
    }

    /** The line where the failing statement starts, or 0. */
    public int line() {
        return line;
    }
}
