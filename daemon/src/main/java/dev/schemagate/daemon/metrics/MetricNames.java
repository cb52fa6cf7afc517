package dev.schemagate.daemon.metrics;

import java.util.List;

/**
 * Every metric the daemon exports, by its Prometheus name; part of the contract (dashboards and alert rules match
 * on these), so a name is never renamed or given another meaning, and new names are only added.
 *
 * <ul>
 * <li>{@code schemagate_state{state}} gauge: 1 for the current state (STARTING, LOCKING, MIGRATING, READY,
 *     FAILED), 0 for the others; every state is always present.</li>
 * <li>{@code schemagate_schema_version} gauge: the applied schema version as a number: {@code 10} is 10,
 *     {@code 10.1} is 10.1; 0 when nothing is applied; NaN when the version has three or more parts (1.2.3).
 *     A decimal cannot tell 1.10 from 1.1, so compare versions as numbers only when they use one part;
 *     {@code /status} has the exact text.</li>
 * <li>{@code schemagate_migrations_pending} gauge: migrations in the batch being applied, still uncommitted;
 *     0 once READY; after FAILED the rolled-back batch's size; NaN while not yet known (from the start of a run
 *     until its batch starts, and after a failure before any batch started).</li>
 * <li>{@code schemagate_migrations_applied_total} counter: migrations committed by this daemon.</li>
 * <li>{@code schemagate_failures_total{code}} counter: failed runs by FAILED code (MIGRATION_FAILED,
 *     BAD_MIGRATION_FILES, LOCK_TIMEOUT, INTERNAL_ERROR, NOT_ADOPTED, DISK_FULL, IO_ERROR, READ_ONLY,
 *     SNAPSHOT_FAILED); every code is present from the start.</li>
 * <li>{@code schemagate_migration_duration_seconds} histogram: the engine time of each successful run
 *     (discovery, lock, apply, commit); no-op runs count too and take milliseconds.</li>
 * <li>{@code schemagate_lock_wait_seconds} histogram: time to acquire SQLite's write lock, per run that took it.</li>
 * <li>{@code schemagate_lock_attempts_total{result}} counter: {@code BEGIN IMMEDIATE} attempts, {@code busy}
 *     (another writer held the lock) or {@code acquired}.</li>
 * <li>{@code schemagate_agents_connected} gauge: clients connected to the socket now.</li>
 * <li>{@code schemagate_agents_waiting} gauge: agents that said HELLO and wait for the schema now.</li>
 * <li>{@code schemagate_agent_wait_seconds{outcome}} histogram: HELLO to release, by {@code ready} or
 *     {@code failed}.</li>
 * <li>{@code schemagate_rejected_connections_total{reason}} counter: clients closed with an ERROR, by code
 *     (BAD_MESSAGE, LINE_TOO_LONG, HELLO_TIMEOUT, TOO_MANY_CONNECTIONS, UNSUPPORTED_VERSION, SHUTTING_DOWN,
 *     FORBIDDEN).</li>
 * <li>{@code schemagate_snapshot_seconds} histogram: time to copy the database before a batch, per snapshot
 *     taken ({@code snapshot.dir}); a snapshot that failed is counted in {@code schemagate_failures_total} as
 *     {@code SNAPSHOT_FAILED} instead.</li>
 * <li>{@code schemagate_snapshot_bytes} gauge: size of the newest snapshot of the database (found in the folder at
 *     start, then each one taken); NaN while there is none or snapshots are off.</li>
 * <li>{@code schemagate_build_info{version}} gauge: always 1; the label carries the daemon's version.</li>
 * </ul>
 *
 * <p>Each histogram also exports {@code <name>_max}, a gauge of the largest value in a recent window
 * (Micrometer's). The JVM and process metrics are Micrometer's standard ones ({@code jvm_*}, {@code process_*},
 * {@code system_*}), with two renamed so that {@code promtool check metrics} finds nothing to lint:
 * {@link #PROCESS_CPU_SECONDS} replaces {@code process_cpu_time_ns_total} and {@link #SYSTEM_CPU_PROCESSORS}
 * replaces {@code system_cpu_count}.
 */
public final class MetricNames {
    public static final String STATE = "schemagate_state";
    public static final String SCHEMA_VERSION = "schemagate_schema_version";
    public static final String MIGRATIONS_PENDING = "schemagate_migrations_pending";
    public static final String MIGRATIONS_APPLIED = "schemagate_migrations_applied_total";
    public static final String FAILURES = "schemagate_failures_total";
    public static final String MIGRATION_DURATION = "schemagate_migration_duration_seconds";
    public static final String LOCK_WAIT = "schemagate_lock_wait_seconds";
    public static final String LOCK_ATTEMPTS = "schemagate_lock_attempts_total";
    public static final String AGENTS_CONNECTED = "schemagate_agents_connected";
    public static final String AGENTS_WAITING = "schemagate_agents_waiting";
    public static final String AGENT_WAIT = "schemagate_agent_wait_seconds";
    public static final String REJECTED_CONNECTIONS = "schemagate_rejected_connections_total";
    public static final String SNAPSHOT_DURATION = "schemagate_snapshot_seconds";
    public static final String SNAPSHOT_BYTES = "schemagate_snapshot_bytes";
    public static final String BUILD_INFO = "schemagate_build_info";

    /** Micrometer's {@code process_cpu_time_ns_total} in seconds, under the name Prometheus clients use. */
    public static final String PROCESS_CPU_SECONDS = "process_cpu_seconds_total";
    /** Micrometer's {@code system_cpu_count}; promtool reserves {@code _count} for histograms and summaries. */
    public static final String SYSTEM_CPU_PROCESSORS = "system_cpu_processors";

    /** Label names. */
    public static final String LABEL_STATE = "state";

    public static final String LABEL_CODE = "code";
    public static final String LABEL_RESULT = "result";
    public static final String LABEL_OUTCOME = "outcome";
    public static final String LABEL_REASON = "reason";
    public static final String LABEL_VERSION = "version";

    /** Every schemagate_ metric family above. */
    public static final List<String> SCHEMAGATE = List.of(
            STATE,
            SCHEMA_VERSION,
            MIGRATIONS_PENDING,
            MIGRATIONS_APPLIED,
            FAILURES,
            MIGRATION_DURATION,
            LOCK_WAIT,
            LOCK_ATTEMPTS,
            AGENTS_CONNECTED,
            AGENTS_WAITING,
            AGENT_WAIT,
            REJECTED_CONNECTIONS,
            SNAPSHOT_DURATION,
            SNAPSHOT_BYTES,
            BUILD_INFO);

    /** The histograms: each also exports {@code _bucket}, {@code _count}, {@code _sum} and {@code _max} series. */
    public static final List<String> HISTOGRAMS = List.of(MIGRATION_DURATION, LOCK_WAIT, AGENT_WAIT, SNAPSHOT_DURATION);

    private MetricNames() {}
}
