package dev.schemagate.daemon.server;

import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationFile;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResolver;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.protocol.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the migration engine on its own thread and pushes every state change to the listeners (agent sessions,
 * metrics, systemd). A failed run leaves the daemon in FAILED until a reload; it never exits or loops on its own.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Coordinator.class.getName());

    private final MigrateSettings settings;
    private final RunObserver observer;
    private final Set<GateListener> listeners = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "schemagate-migrator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    private final DatabaseWatch databaseWatch;
    private volatile GateState state;

    public Coordinator(MigrateSettings settings) {
        this(settings, RunObserver.NONE);
    }

    /** A coordinator whose runs are also reported to {@code observer} (metrics), which is subscribed at once. */
    public Coordinator(MigrateSettings settings, RunObserver observer) {
        this.settings = settings;
        this.observer = observer;
        this.state = new GateState(0, Phase.STARTING, null, null, Messages.starting(), null);
        this.databaseWatch = new DatabaseWatch(settings.database());
        subscribe(databaseWatch);
        subscribe(observer);
    }

    /** The current state. */
    public GateState state() {
        return state;
    }

    /** Adds a listener and tells it the current state at once. */
    public void subscribe(GateListener listener) {
        listeners.add(listener);
        listener.changed(state);
    }

    public void unsubscribe(GateListener listener) {
        listeners.remove(listener);
    }

    /** Starts a migration run (the first one, or a reload); runs queued while one is in progress coalesce. */
    public void runMigrations() {
        if (reloadQueued.compareAndSet(false, true)) {
            // Agents that connect from now on must wait for this run, not be released by the previous outcome.
            if (state.phase() != Phase.STARTING) {
                enterLocking();
            }
            worker.execute(() -> {
                reloadQueued.set(false);
                runOnce();
            });
        }
    }

    /**
     * Migrates again (as on SIGHUP) when READY but the {@code --db} path no longer names the file that was
     * migrated: deleted (a new, empty one is then created and migrated) or replaced (the new file is brought up to
     * date). Called before an agent is answered and on {@code /readyz}, so neither sees a stale READY.
     */
    public void recheckDatabase() {
        if (state.phase() != Phase.READY) {
            return;
        }
        String lost = databaseWatch.lost();
        if (lost != null) {
            LOG.warning(() -> lost + "; migrating the file now at that path (agents wait for it)");
            runMigrations();
        }
    }

    private void runOnce() {
        MigrationVersion available = null;
        try {
            // STARTING (or the previous outcome) covers scanning the folder and loading SQLite's native library.
            long start = System.nanoTime();
            List<MigrationFile> files = MigrationResolver.resolve(settings.migrations());
            available = files.isEmpty() ? null : files.get(files.size() - 1).version();
            Migrator.loadDriver();
            enterLocking(); // a run queued behind another starts from that run's outcome
            MigrationVersion folderMax = available;
            MigrationResult result = new Migrator(settings, new MigrationListener() {
                        @Override
                        public void lockBusy(int attempt, Duration waited) {
                            tell(() -> observer.lockBusy(attempt, waited));
                            publish(Phase.LOCKING, folderMax, Messages.locking(waited.toMillis(), attempt, null), null);
                        }

                        @Override
                        public void migrating(int step, int of, MigrationFile file) {
                            tell(() -> observer.migrating(step, of, file));
                            publish(
                                    Phase.MIGRATING,
                                    folderMax,
                                    Messages.migrating(
                                            step,
                                            of,
                                            file.script(),
                                            file.version().toString()),
                                    null);
                        }
                    })
                    .migrate(files, start);
            result.warnings().forEach(LOG::warning);
            String version = result.version() == null ? "0" : result.version().toString();
            LOG.info(() -> (result.applied().isEmpty()
                            ? "schema is up to date"
                            : "applied " + result.applied().size() + " migrations")
                    + "; version " + version + " (engine time "
                    + result.engineTime().toMillis()
                    + " ms, lock wait " + result.lockWait().toMillis() + " ms); agents are released");
            tell(() -> observer.finished(result));
            state = next(
                    Phase.READY,
                    result.version(),
                    folderMax,
                    Messages.ready(version, result.applied().size()),
                    null);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, e.getMessage());
            tell(() -> observer.failed(FailureCodes.of(e), e));
            String[] parts = FailureCodes.split(FailureCodes.withoutPrefix(String.valueOf(e.getMessage())));
            state = next(
                    Phase.FAILED,
                    state.applied(),
                    available,
                    Messages.failed(FailureCodes.of(e), FailureCodes.file(e), FailureCodes.line(e), parts[0], parts[1]),
                    e.getMessage());
        }
        broadcast();
    }

    private synchronized void enterLocking() {
        Phase phase = state.phase();
        if (phase != Phase.LOCKING && phase != Phase.MIGRATING) {
            publish(Phase.LOCKING, state.available(), Messages.locking(0, -1, null), null);
        }
    }

    private void publish(
            Phase phase, MigrationVersion available, dev.schemagate.protocol.Message message, String failure) {
        state = next(phase, state.applied(), available, message, failure);
        broadcast();
    }

    private GateState next(
            Phase phase,
            MigrationVersion applied,
            MigrationVersion available,
            dev.schemagate.protocol.Message message,
            String failure) {
        return new GateState(sequence.incrementAndGet(), phase, applied, available, message, failure);
    }

    /** The observer only counts: its failure must never fail or stop a migration run. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the run observer failed; the run goes on", e);
        }
    }

    private void broadcast() {
        GateState current = state;
        for (GateListener listener : listeners) {
            try {
                listener.changed(current);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a state listener failed; the others are still told", e);
            }
        }
    }

    /** Stops the migration thread; a run in progress is interrupted and rolls back. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
