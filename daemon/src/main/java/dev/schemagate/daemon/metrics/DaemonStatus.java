package dev.schemagate.daemon.metrics;

import dev.schemagate.daemon.migrate.Snapshot;
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
 * @param latestSnapshot   the newest pre-batch snapshot (taken by this daemon, or found in {@code snapshot.dir} at
 *                         start), or null when there is none or snapshots are off
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
        LatestSnapshot latestSnapshot,
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

    /**
     * A snapshot: its file, the versions before and after the batch it preceded, its size, how long it took
     * ({@code millis} null for one found in the folder at start) and when it was taken (ISO-8601, UTC).
     */
    public record LatestSnapshot(String file, String from, String to, long bytes, Long millis, String takenAt) {
        static LatestSnapshot of(Snapshot s) {
            return s == null
                    ? null
                    : new LatestSnapshot(
                            s.file().toString(),
                            s.from(),
                            s.to(),
                            s.bytes(),
                            s.millis() < 0 ? null : s.millis(),
                            s.takenAt().toString());
        }
    }

    /** A failure: its FAILED code and the engine's full message. */
    public record LastError(String code, String message) {}
}
