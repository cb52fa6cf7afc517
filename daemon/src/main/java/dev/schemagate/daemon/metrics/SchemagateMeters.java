package dev.schemagate.daemon.metrics;

import dev.schemagate.daemon.Version;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.protocol.ErrorCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;

/** The schemagate_ meters; codes known in advance are registered at zero so that their series exist from the start. */
final class SchemagateMeters {
    private static final List<String> FAILURE_CODES = List.of(
            ErrorCodes.MIGRATION_FAILED,
            ErrorCodes.BAD_MIGRATION_FILES,
            ErrorCodes.LOCK_TIMEOUT,
            ErrorCodes.INTERNAL_ERROR,
            ErrorCodes.NOT_ADOPTED,
            ErrorCodes.DISK_FULL,
            ErrorCodes.IO_ERROR,
            ErrorCodes.READ_ONLY,
            ErrorCodes.SNAPSHOT_FAILED);
    private static final List<String> REJECT_CODES = List.of(
            ErrorCodes.BAD_MESSAGE,
            ErrorCodes.LINE_TOO_LONG,
            ErrorCodes.HELLO_TIMEOUT,
            ErrorCodes.TOO_MANY_CONNECTIONS,
            ErrorCodes.UNSUPPORTED_VERSION,
            ErrorCodes.SHUTTING_DOWN,
            ErrorCodes.FORBIDDEN);
    private static final Duration[] LOCK_BUCKETS = seconds(0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300);
    private static final Duration[] RUN_BUCKETS = seconds(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300);

    private final PrometheusMeterRegistry registry;
    final Counter applied;
    final Timer duration;
    final Timer lockWait;
    final Timer waitReady;
    final Timer waitFailed;
    final Timer snapshotTime;

    SchemagateMeters(PrometheusMeterRegistry registry, DaemonMetrics m) {
        this.registry = registry;
        for (Phase phase : Phase.values()) {
            Gauge.builder(MetricNames.STATE, m, x -> x.stateValue(phase))
                    .tag(MetricNames.LABEL_STATE, phase.name())
                    .description("1 for the daemon's current state, 0 for the others")
                    .register(registry);
        }
        Gauge.builder(MetricNames.SCHEMA_VERSION, m, DaemonMetrics::versionValue)
                .description("Applied schema version as a number (10.1 is 10.1; 0 none; NaN for 1.2.3)")
                .register(registry);
        Gauge.builder(MetricNames.MIGRATIONS_PENDING, m, DaemonMetrics::pendingValue)
                .description("Migrations of the current batch not yet committed (NaN while not known)")
                .register(registry);
        applied = Counter.builder(MetricNames.MIGRATIONS_APPLIED)
                .description("Migrations committed by this daemon")
                .register(registry);
        FAILURE_CODES.forEach(this::failure);
        duration = Timer.builder(MetricNames.MIGRATION_DURATION)
                .serviceLevelObjectives(RUN_BUCKETS)
                .description("Engine time of each successful migration run, no-op runs included")
                .register(registry);
        lockWait = Timer.builder(MetricNames.LOCK_WAIT)
                .serviceLevelObjectives(LOCK_BUCKETS)
                .description("Time to acquire the SQLite write lock, per run that took it")
                .register(registry);
        lockAttempts("busy");
        lockAttempts("acquired");
        Gauge.builder(MetricNames.AGENTS_CONNECTED, m, DaemonMetrics::connected)
                .description("Clients connected to the daemon's socket")
                .register(registry);
        Gauge.builder(MetricNames.AGENTS_WAITING, m, DaemonMetrics::waiting)
                .description("Agents waiting for the schema to be ready")
                .register(registry);
        waitReady = agentWait("ready");
        waitFailed = agentWait("failed");
        REJECT_CODES.forEach(this::rejected);
        snapshotTime = Timer.builder(MetricNames.SNAPSHOT_DURATION)
                .serviceLevelObjectives(RUN_BUCKETS)
                .description("Time to copy the database before a batch (snapshot.dir), per snapshot taken")
                .register(registry);
        Gauge.builder(MetricNames.SNAPSHOT_BYTES, m, DaemonMetrics::snapshotBytes)
                .description("Size of the newest snapshot of the database (NaN while there is none)")
                .register(registry);
        // Given as schemagate_build_info, the Prometheus client drops the _info suffix (reserved for info metrics);
        // the dotted form is exported as schemagate_build_info. The scrape test pins the exported name.
        Gauge.builder(MetricNames.BUILD_INFO.replace('_', '.'), () -> 1)
                .tag(MetricNames.LABEL_VERSION, Version.current())
                .description("Always 1; the version label is the daemon's version")
                .register(registry);
    }

    private Timer agentWait(String outcome) {
        return Timer.builder(MetricNames.AGENT_WAIT)
                .tag(MetricNames.LABEL_OUTCOME, outcome)
                .serviceLevelObjectives(LOCK_BUCKETS)
                .description("Time from an agent's HELLO to its release (READY or FAILED)")
                .register(registry);
    }

    Counter failure(String code) {
        return Counter.builder(MetricNames.FAILURES)
                .tag(MetricNames.LABEL_CODE, code)
                .description("Failed migration runs by FAILED code")
                .register(registry);
    }

    Counter lockAttempts(String result) {
        return Counter.builder(MetricNames.LOCK_ATTEMPTS)
                .tag(MetricNames.LABEL_RESULT, result)
                .description("BEGIN IMMEDIATE attempts: busy (another writer) or acquired")
                .register(registry);
    }

    Counter rejected(String code) {
        return Counter.builder(MetricNames.REJECTED_CONNECTIONS)
                .tag(MetricNames.LABEL_REASON, code)
                .description("Clients closed with an ERROR, by code")
                .register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = Duration.ofNanos((long) (values[i] * 1e9));
        }
        return d;
    }
}
