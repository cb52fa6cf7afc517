package dev.schemagate.daemon;

/**
 * The one exception base class: every failure a user can act on, with the process exit code it maps to.
 *
 * <p>Messages say what happened, the state, and what to do; the command line prints them as they are.
 */
public class SchemagateException extends RuntimeException {
    private final int exitCode;

    public SchemagateException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public SchemagateException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The sysexits code the command line exits with (see {@link dev.schemagate.protocol.ExitCodes}). */
    public int exitCode() {
        return exitCode;
    }
}
