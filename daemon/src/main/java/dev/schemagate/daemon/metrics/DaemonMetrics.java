package dev.schemagate.daemon.metrics;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.Version;
import dev.schemagate.daemon.migrate.MigrationFile;
import dev.schemagate.daemon.migrate.MigrationFilesException;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.daemon.migrate.Snapshot;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.daemon.server.RunObserver;
import dev.schemagate.daemon.server.SessionObserver;
import dev.schemagate.daemon.server.WaitingAgent;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The daemon's meters: told about runs by the coordinator and about clients by the socket server, scraped as
 * Prometheus text; also keeps what {@code /status} reports.
 */
public final class DaemonMetrics implements RunObserver, SessionObserver, AutoCloseable {
    private static final Pattern STATEMENT_LINE = Pattern.compile("(?m)^(\\s*)statement: .*$");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc;
    private final SchemagateMeters meters;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile GateState state;
    private volatile Integer pending;
    private volatile DaemonStatus.Step step;
    private volatile long lockingSince;
    private volatile Duration lastLockWait = Duration.ZERO;
    private volatile DaemonStatus.LastError lastError;
    private volatile Snapshot latestSnapshot;
    private final Set<WaitingAgent> agents = ConcurrentHashMap.newKeySet();

    public DaemonMetrics() {
        gc = JvmMeters.bindTo(registry);
        meters = new SchemagateMeters(registry, this);
    }

    /** The registry, for meters of other parts (systemd, for example). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The meters in the Prometheus text format of {@code contentType} (0.0.4 text, or OpenMetrics 1.0.0). */
    public String scrape(String contentType) {
        return registry.scrape(contentType);
    }

    /**
     * Takes a newer state only: the coordinator's migration thread and a reload request (the SIGHUP thread) both
     * broadcast, and subscribe() delivers a snapshot, so an older state can arrive after a newer one.
     */
    @Override
    public synchronized void changed(GateState next) {
        GateState previous = state;
        if (previous != null && next.sequence() <= previous.sequence()) {
            return;
        }
        if (next.phase() == Phase.LOCKING && (previous == null || previous.phase() != Phase.LOCKING)) {
            lockingSince = System.nanoTime();
            // A new run: what the last one knew about pending files may no longer hold (a reload adds files).
            pending = null;
            step = null;
        }
        if (next.phase() != Phase.MIGRATING) {
            step = null;
        }
        if (next.phase() != Phase.FAILED) {
            lastError = null;
        }
        state = next;
    }

    @Override
    public void lockBusy(int attempt, Duration waited) {
        meters.lockAttempts("busy").increment();
    }

    @Override
    public void migrating(int step, int of, MigrationFile file) {
        // One transaction: nothing of the batch is committed until the end, so all of it stays pending.
        pending = of;
        this.step = new DaemonStatus.Step(file.script(), step, of);
    }

    @Override
    public void finished(MigrationResult result) {
        if (!result.lockWait().isZero()) { // zero means the no-op path, which takes no lock
            meters.lockAttempts("acquired").increment();
            meters.lockWait.record(result.lockWait());
            lastLockWait = result.lockWait();
        }
        meters.applied.increment(result.applied().size());
        meters.duration.record(result.engineTime());
        pending = 0;
    }

    @Override
    public void failed(String code, Throwable failure) {
        meters.failure(code).increment();
        // An Error's own message ("Java heap space") does not say what it was; its toString does.
        // Drift diffs quote migration text: only the log shows them (the message then says where to look).
        String text = failure instanceof MigrationFilesException m
                ? m.withoutDiffs(MigrationFilesException.DIFFS_IN_DAEMON_LOG)
                : failure instanceof SchemagateException ? failure.getMessage() : failure.toString();
        lastError = new DaemonStatus.LastError(code, withoutStatements(text));
    }

    @Override
    public void snapshotTaken(Snapshot snapshot) {
        meters.snapshotTime.record(snapshot.millis(), TimeUnit.MILLISECONDS);
        latestSnapshot = snapshot;
    }

    /** The newest snapshot already in the folder when the daemon starts, shown until this daemon takes one. */
    public void snapshotFound(Snapshot snapshot) {
        if (latestSnapshot == null) {
            latestSnapshot = snapshot;
        }
    }

    @Override
    public void connectedChanged(int delta) {
        connected.addAndGet(delta);
    }

    @Override
    public void waitingChanged(int delta) {
        waiting.addAndGet(delta);
    }

    @Override
    public void agentWaiting(WaitingAgent agent) {
        agents.add(agent);
    }

    @Override
    public void agentLeft(WaitingAgent agent) {
        agents.remove(agent);
    }

    /**
     * The engine's message quotes the failing statement ({@code "  statement: INSERT ..."}): migration text may hold
     * data, and {@code /status} has no authentication, so that line is replaced by a pointer to the log.
     */
    static String withoutStatements(String message) {
        if (message == null) {
            return null;
        }
        return STATEMENT_LINE.matcher(message).replaceAll("$1statement: (in the daemon's log)");
    }

    @Override
    public void released(String app, boolean ready, long waitNanos) {
        // Not by app: app names come from clients, and each would be a new time series.
        (ready ? meters.waitReady : meters.waitFailed).record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(String code) {
        meters.rejected(code).increment();
    }

    /** What {@code GET /status} shows for the coordinator's {@code current} state. */
    public DaemonStatus status(GateState current) {
        boolean locking = current.phase() == Phase.LOCKING;
        long lockWaitMs = locking ? (System.nanoTime() - lockingSince) / 1_000_000 : lastLockWait.toMillis();
        return new DaemonStatus(
                current.phase().name(),
                text(current.applied()),
                text(current.available()),
                pending,
                current.phase() == Phase.MIGRATING ? step : null,
                lockWaitMs,
                connected.get(),
                waiting.get(),
                agentsNow(),
                current.phase() == Phase.FAILED ? lastError : null,
                DaemonStatus.LatestSnapshot.of(latestSnapshot),
                Version.current(),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
    }

    private List<DaemonStatus.Agent> agentsNow() {
        long now = System.nanoTime();
        return agents.stream()
                .sorted(Comparator.comparingLong(WaitingAgent::sinceNanos))
                .limit(DaemonStatus.MAX_AGENTS_LISTED)
                .map(a -> new DaemonStatus.Agent(
                        a.app(), a.peer().pid(), a.peer().uid(), a.requires(), (now - a.sinceNanos()) / 1_000_000))
                .toList();
    }

    private static String text(MigrationVersion version) {
        return version == null ? null : version.toString();
    }

    // Read by the gauges on each scrape.

    double stateValue(Phase phase) {
        GateState s = state;
        return s != null && s.phase() == phase ? 1 : 0;
    }

    double versionValue() {
        GateState s = state;
        return s == null ? Double.NaN : versionNumber(s.applied());
    }

    /** 10 is 10, 10.1 is 10.1, none is 0, and 1.2.3 (no decimal number) is NaN: see MetricNames. */
    static double versionNumber(MigrationVersion version) {
        if (version == null) {
            return 0;
        }
        String text = version.toString();
        return text.indexOf('.') == text.lastIndexOf('.') ? Double.parseDouble(text) : Double.NaN;
    }

    double pendingValue() {
        Integer p = pending;
        return p == null ? Double.NaN : p;
    }

    double snapshotBytes() {
        Snapshot s = latestSnapshot;
        return s == null || s.bytes() < 0 ? Double.NaN : s.bytes();
    }

    int connected() {
        return connected.get();
    }

    int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
