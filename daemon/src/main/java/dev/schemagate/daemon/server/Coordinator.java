package dev.schemagate.daemon.server;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockHolder;
import dev.schemagate.daemon.lock.LockHolderFinder;
import dev.schemagate.daemon.migrate.FileIdentityCache;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationFile;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResolver;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.daemon.migrate.NoopMemory;
import dev.schemagate.daemon.migrate.Snapshot;
import dev.schemagate.daemon.migrate.SnapshotSettings;
import dev.schemagate.protocol.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    private final SnapshotSettings snapshots;
    private final RunObserver observer;
    private final Set<GateListener> listeners = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "schemagate-migrator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequence = new AtomicLong();
    // Reloads re-read only the files that changed; the first run reads and hashes every file.
    private final FileIdentityCache fileCache = new FileIdentityCache();
    // A reload that finds the folder and the history as the last clean no-op found them is READY at once.
    private final NoopMemory noops = new NoopMemory();
    // Guards runQueued and orders it with publishing an outcome, so a reload request and the end of a run never
    // interleave: either the outcome is published before the request, or it is held back.
    private final Object runLock = new Object();
    private boolean runQueued;
    private final DatabaseWatch databaseWatch;
    private volatile GateState state;

    public Coordinator(MigrateSettings settings) {
        this(settings, RunObserver.NONE);
    }

    /** A coordinator whose runs are also reported to {@code observer} (metrics), which is subscribed at once. */
    public Coordinator(MigrateSettings settings, RunObserver observer) {
        this(settings, SnapshotSettings.OFF, observer);
    }

    /**
     * As {@link #Coordinator(MigrateSettings, RunObserver)}, copying the database into {@code snapshots.dir()} before
     * each non-empty batch (the first run's and every reload's), as {@code migrate --snapshot-dir} does.
     */
    public Coordinator(MigrateSettings settings, SnapshotSettings snapshots, RunObserver observer) {
        this.settings = settings;
        this.snapshots = snapshots;
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

    /**
     * Starts a migration run (the first one, or a reload). A request while a run is queued and has not started yet
     * joins that run, which will scan the folder anew; so any number of reloads during a run bring exactly one more.
     */
    public void runMigrations() {
        synchronized (runLock) {
            if (runQueued) {
                return;
            }
            runQueued = true;
            // Agents that connect from now on must wait for the queued run, not be released by the last outcome:
            // after a verdict say so at once; a run still under way will hold its outcome back (see finish).
            Phase phase = state.phase();
            if (phase == Phase.READY || phase == Phase.FAILED) {
                publish(Phase.LOCKING, state.available(), Messages.locking(0, -1, null), null);
            }
        }
        worker.execute(() -> {
            synchronized (runLock) {
                runQueued = false;
            }
            runOnce();
        });
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
            MigrationResult result;
            NoopMemory.Recalled recalled = noops.recall(settings);
            if (recalled != null) {
                // A reload that changed nothing: the folder's listing and the history are as the last no-op found them.
                available = recalled.available();
                LOG.fine("the migrations folder and the history are as the last no-op found them");
                enterLocking();
                result = new MigrationResult(
                        List.of(),
                        recalled.version(),
                        Duration.ZERO,
                        Duration.ofNanos(System.nanoTime() - start),
                        List.of());
            } else {
                List<MigrationFile> files = MigrationResolver.resolve(settings.migrations(), fileCache);
                available = files.isEmpty() ? null : files.get(files.size() - 1).version();
                Migrator.loadDriver();
                enterLocking();
                result = new Migrator(settings, runListener(available), snapshots).migrate(files, start, noops);
            }
            ready(result, available);
        } catch (RuntimeException | Error e) {
            // An Error (OutOfMemoryError, StackOverflowError) or a bug must still end in a verdict: without one,
            // agents would wait to their timeout and systemd would never hear READY=1.
            String code = FailureCodes.of(e);
            String text = FailureCodes.forAgents(e);
            if (e instanceof SchemagateException) {
                LOG.log(Level.SEVERE, FailureCodes.forLog(e));
            } else {
                LOG.log(Level.SEVERE, text, e);
            }
            tell(() -> observer.failed(code, e));
            String[] parts = FailureCodes.split(FailureCodes.withoutPrefix(text));
            finish(
                    Phase.FAILED,
                    state.applied(),
                    available,
                    Messages.failed(code, FailureCodes.file(e), FailureCodes.line(e), parts[0], parts[1]),
                    text);
        }
    }

    /** Logs and publishes a run's success; {@code folderMax} is the folder's newest version at the run's start. */
    private void ready(MigrationResult result, MigrationVersion folderMax) {
        result.warnings().forEach(LOG::warning);
        String version = result.version() == null ? "0" : result.version().toString();
        LOG.info(() -> (result.applied().isEmpty()
                        ? "schema is up to date"
                        : "applied " + result.applied().size() + " migrations")
                + "; version " + version + " (engine time "
                + result.engineTime().toMillis()
                + " ms, lock wait " + result.lockWait().toMillis() + " ms)");
        tell(() -> observer.finished(result));
        finish(
                Phase.READY,
                result.version(),
                folderMax,
                Messages.ready(version, result.applied().size()),
                null);
    }

    /**
     * Publishes a run's outcome, unless a reload was asked for while it ran: then the outcome is already out of date
     * (the folder may hold new files) and everyone waiting, those who came after the reload request above all, waits
     * for the queued run instead.
     */
    private void finish(
            Phase phase,
            MigrationVersion applied,
            MigrationVersion available,
            dev.schemagate.protocol.Message verdict,
            String failure) {
        synchronized (runLock) {
            if (runQueued) {
                LOG.info("a reload was asked for during this run: agents wait for the next run's outcome");
                state = next(Phase.LOCKING, applied, available, Messages.locking(0, -1, null), null);
            } else {
                LOG.info(() -> "agents are released: " + verdict.type());
                state = next(phase, applied, available, verdict, failure);
            }
            broadcast();
        }
    }

    private void enterLocking() {
        synchronized (runLock) {
            Phase phase = state.phase();
            if (phase != Phase.LOCKING && phase != Phase.MIGRATING) {
                publish(Phase.LOCKING, state.available(), Messages.locking(0, -1, null), null);
            }
        }
    }

    /**
     * What the engine reports during one run, turned into the agents' progress (LOCKING, MIGRATING) and the
     * observer's events; {@code folderMax} is the folder's newest version at the run's start.
     */
    private MigrationListener runListener(MigrationVersion folderMax) {
        return new MigrationListener() {
            @Override
            public void lockBusy(int attempt, Duration waited) {
                tell(() -> observer.lockBusy(attempt, waited));
                publish(
                        Phase.LOCKING,
                        folderMax,
                        Messages.locking(waited.toMillis(), attempt, holders(settings.database())),
                        null);
            }

            @Override
            public void migrating(int step, int of, MigrationFile file) {
                tell(() -> observer.migrating(step, of, file));
                publish(
                        Phase.MIGRATING,
                        folderMax,
                        Messages.migrating(
                                step, of, file.script(), file.version().toString()),
                        null);
            }

            @Override
            public void snapshotTaken(Snapshot snapshot) {
                LOG.info(() -> "snapshot " + snapshot.file() + " (" + snapshot.describe() + ")");
                tell(() -> observer.snapshotTaken(snapshot));
            }

            @Override
            public void committed() {
                tell(observer::committed);
            }
        };
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

    /** Who holds the write lock, as /proc/locks tells ("pid 4242 (sqlite3 app.db)"), or null when it does not. */
    static String holders(java.nio.file.Path database) {
        List<LockHolder> holders = LockHolderFinder.writersOf(database);
        if (holders.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (LockHolder holder : holders) {
            sb.append(sb.length() == 0 ? "" : ", ").append(holder.describe());
        }
        return sb.toString();
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
