package dev.schemagate.daemon.metrics;

import java.util.List;

/**
 * The {@code GET /status} document (JSON field names are part of the contract; null means not known or none).
 *
 * @param state            STARTING, LOCKING, MIGRATING, READY or FAILED
 * @param version          the applied schema version, exact text ("1.10"), or null when nothing is applied
 * @param available        the highest version in the migrations folder, or null
 * @param pending          see {@link MetricNames#MIGRATIONS_PENDING}; null while not known
 * @param currentMigration the step being applied while MIGRATING, else null
 * @param lockWaitMs       while LOCKING, how long this run has waited so far; otherwise the last run's wait
 * @param agentsConnected  clients connected to the socket
 * @param agentsWaiting    agents waiting for the schema
 * @param agents           the longest-waiting agents (at most {@link #MAX_AGENTS_LISTED}), oldest first, each with
 *                         its kernel credentials
 * @param lastError        the last run's failure while FAILED, else null; the failing statement's text is left out
 *                         (the endpoint has no authentication; the daemon's log has it)
 * @param daemonVersion    this daemon's version
 * @param uptimeSeconds    seconds since the JVM started
 */
public record DaemonStatus(
        String state,
        String version,
        String available,
        Integer pending,
        Step currentMigration,
        long lockWaitMs,
        int agentsConnected,
        int agentsWaiting,
        List<Agent> agents,
        LastError lastError,
        String daemonVersion,
        long uptimeSeconds) {

    /** At most this many agents are listed, so the document stays small with thousands waiting. */
    public static final int MAX_AGENTS_LISTED = 100;

    /**
     * A waiting agent: its HELLO {@code app} and {@code requires}, the pid and uid the kernel reported for its
     * connection, and how long it has waited.
     */
    public record Agent(String app, int pid, int uid, String requires, long waitingMs) {}

    /** One migration step: {@code file} is step {@code step} of {@code of} in the batch. */
    public record Step(String file, int step, int of) {}

    /** A failure: its FAILED code and the engine's full message. */
    public record LastError(String code, String message) {}
}
