package dev.schemagate.agent;

/** How a wait ended: a sysexits exit code, and one line saying what happened and what to do. */
public final class GateOutcome {

    private final int exitCode;
    private final String reason;
    private final String version;
    private final long elapsedMillis;

    GateOutcome(int exitCode, String reason, String version, long elapsedMillis) {
        this.exitCode = exitCode;
        this.reason = reason;
        this.version = version;
        this.elapsedMillis = elapsedMillis;
    }

    /** True when the daemon said READY, i.e. {@link #exitCode()} is 0. */
    public boolean isReady() {
        return exitCode == 0;
    }

    /**
     * The exit code a process should end with: 0 READY; for FAILED the mapping of
     * {@link dev.schemagate.protocol.ExitCodes#forFailure} (70 migration failed, 65 bad migration
     * files, 75 lock timeout); 75 when the timeout passed after the daemon was reached (including a
     * daemon that only said "come back later"); 69 when no daemon answered within the timeout, the
     * peer spoke something other than protocol v1, or it said READY below this client's {@code requires};
     * 77 when the daemon's allow-list refused this user (ERROR FORBIDDEN) or the socket's file
     * mode does not let it connect.
     */
    public int exitCode() {
        return exitCode;
    }

    /** One line without a trailing newline or a label: what happened, the state, and the action. */
    public String reason() {
        return reason;
    }

    /** The schema version from READY, or null when not ready. */
    public String version() {
        return version;
    }

    /** Milliseconds from the start of the wait to this outcome. */
    public long elapsedMillis() {
        return elapsedMillis;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ": " + reason;
    }
}
