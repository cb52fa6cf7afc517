package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.lock.HotJournal;
import dev.schemagate.daemon.lock.StorageFailedException;
import dev.schemagate.daemon.lock.WriteLock;
import dev.schemagate.daemon.lock.WriteLockAcquirer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The migration engine: applies every pending migration exactly once, in one {@code BEGIN IMMEDIATE} transaction.
 *
 * <p>Under the lock it re-reads the history, validates, runs every pending script statement by statement, records
 * them, runs {@code PRAGMA foreign_key_check} and commits. Any error rolls the whole batch back. When a read
 * without the lock already shows nothing pending, it never takes the lock: repeated starts are cheap no-ops.
 */
public final class Migrator {
    private static final Logger LOG = Logger.getLogger(Migrator.class.getName());

    private static volatile boolean driverLoaded;

    private final MigrateSettings settings;
    private final MigrationListener listener;

    private final SnapshotSettings snapshots;

    public Migrator(MigrateSettings settings, MigrationListener listener) {
        this(settings, listener, SnapshotSettings.OFF);
    }

    /** A migrator that copies the database into {@code snapshots.dir()} before each non-empty batch. */
    public Migrator(MigrateSettings settings, MigrationListener listener, SnapshotSettings snapshots) {
        this.settings = settings;
        this.listener = listener;
        this.snapshots = snapshots;
    }

    /** Applies what is pending; throws a {@link dev.schemagate.daemon.SchemagateException} with the exit code. */
    public MigrationResult migrate() {
        loadDriver();
        long start = System.nanoTime();
        return migrate(MigrationResolver.resolve(settings.migrations()), start);
    }

    /**
     * As {@link #migrate()}, but a fresh process decides "nothing pending" as cheaply as it safely can (every deploy
     * runs it). First from the {@link NoopRecord}: when the folder's listing and the history's fingerprint are byte
     * for byte those of the last proven no-op, nothing is read. Otherwise from the {@link ChecksumCache} beside the
     * database: a file whose stamp (inode, size, mtime, ctime) is unchanged since an earlier run hashed it is not read.
     * Anything else, something pending or a problem to report, reads and hashes every file before going on, so
     * neither can do more than confirm a no-op. {@code notes} gets a line when one of them is ignored or cannot be
     * written.
     */
    public MigrationResult migrateWithChecksumCache(Consumer<String> notes) {
        loadDriver();
        long start = System.nanoTime();
        NoopRecord.Check check = NoopRecord.checkFile(settings, notes);
        if (check.holds()) {
            return new MigrationResult(List.of(), check.highest(), Duration.ZERO, since(start), List.of());
        }
        // The listing was taken before any file is read: a file written from now on differs from it next time.
        byte[] listing = check.listing();
        CleanNoops recordIt = (fingerprint, highest) -> {
            if (listing != null) {
                NoopRecord.save(settings, listing, fingerprint, highest, notes);
            }
        };
        ChecksumCache cache = ChecksumCache.open(settings.database(), settings.migrations(), notes);
        List<MigrationFile> files = MigrationResolver.resolve(settings.migrations(), cache);
        cache.save();
        if (cache.hits() == 0) {
            return run(files, start, null, recordIt); // every file was read and hashed: they are all whole
        }
        // Null when a writer is busy: then only the lock path waits, so --lock-deadline bounds the whole wait.
        HistoryReader.PlanRead quick = HistoryReader.planAndFingerprintUnlessBusy(settings, files);
        if (quick != null
                && quick.plan().pending().isEmpty()
                && quick.plan().problems().isEmpty()) {
            return noop(quick, start, recordIt);
        }
        // Work to do, a problem, or a busy writer: from here on only what was read now counts.
        return run(MigrationResolver.resolve(settings.migrations()), start, null, null);
    }

    /**
     * Applies what is pending among {@code files}, already resolved from the folder by the caller (the daemon does,
     * to know the folder's newest version); {@code startNanos} is when the caller began, so the engine time still
     * includes the discovery.
     */
    public MigrationResult migrate(List<MigrationFile> files, long startNanos) {
        return run(files, startNanos, null, null);
    }

    /**
     * As {@link #migrate(List, long)}, for the daemon: a clean no-op (nothing pending, no problem, no warning) read
     * without the lock is handed to {@code memory}, whose {@link NoopMemory#recall} took the folder's listing before
     * {@code files} were resolved, so the next reload can recall it.
     */
    public MigrationResult migrate(List<MigrationFile> files, long startNanos, NoopMemory memory) {
        return run(files, startNanos, null, (fingerprint, highest) -> memory.learn(fingerprint, highest, files));
    }

    /**
     * Runs the whole pending batch exactly as {@link #migrate()} would, under the lock and in its transaction (every
     * statement, the foreign-key check), then rolls it back: the database is left as it was. Fails as the real run
     * would. {@code reports} gets the report before the batch starts, so a failed dry run still shows what ran.
     */
    public MigrationResult dryRun(Consumer<DryRunReport> reports) {
        loadDriver();
        long start = System.nanoTime();
        return run(MigrationResolver.resolve(settings.migrations()), start, reports, null);
    }

    /** Where the inputs of a clean no-op go: the record file ({@code migrate}), the daemon's memory. */
    private interface CleanNoops {
        void proven(byte[] fingerprint, MigrationVersion highest);
    }

    private MigrationResult run(
            List<MigrationFile> files, long startNanos, Consumer<DryRunReport> dryRun, CleanNoops cleanNoops) {
        loadDriver();
        long start = startNanos;
        // Null when a writer is busy: then only the lock path waits, so --lock-deadline bounds the whole wait. The
        // fingerprint is read only for a caller that records clean no-ops.
        HistoryReader.PlanRead quick = cleanNoops != null
                ? HistoryReader.planAndFingerprintUnlessBusy(settings, files)
                : HistoryReader.PlanRead.of(HistoryReader.planUnlessBusy(settings, files));
        if (quick != null && quick.plan().pending().isEmpty()) {
            quick.plan().requireValid();
            return noop(quick, start, cleanNoops);
        }
        WriteLockAcquirer acquirer = new WriteLockAcquirer(settings.lock(), listener::lockBusy);
        try (WriteLock lock = acquirer.acquire(settings.database())) {
            Connection connection = lock.connection();
            boolean hasHistory;
            MigrationPlan plan;
            try {
                hasHistory = SchemaHistory.exists(connection);
                plan = MigrationPlan.read(connection, files, settings.allowOutOfOrder());
            } catch (SQLException e) {
                throw BatchFailure.historyUnreadable(settings.database(), e);
            }
            plan.requireValid();
            List<MigrationFile> pending = plan.pending();
            if (!pending.isEmpty()) {
                refuseIfUnadopted(connection, hasHistory);
            }
            if (pending.isEmpty()) {
                // Another process applied them while we waited for the lock; close() releases it at once.
                return new MigrationResult(
                        List.of(), plan.highestApplied(), lock.waited(), since(start), warnings(plan));
            }
            List<ParsedMigration> parsed = ParsedMigration.parseAll(pending);
            if (dryRun != null) {
                DryRunReport report = new DryRunReport(connection);
                dryRun.accept(report);
                List<AppliedMigration> wouldApply = new BatchApplier(connection, settings.database(), listener, report)
                        .apply(parsed, hasHistory, plan);
                // Closing the lock without commit rolls everything back.
                return new MigrationResult(
                        wouldApply, plan.highestApplied(), lock.waited(), since(start), warnings(plan));
            }
            if (snapshots.enabled()) {
                // Under our BEGIN IMMEDIATE and before our first write: exactly the pre-batch state.
                listener.snapshotTaken(
                        Snapshots.take(snapshots, settings.database(), plan.highestApplied(), plan.targetVersion()));
            }
            BatchApplier applier = new BatchApplier(connection, settings.database(), listener);
            List<AppliedMigration> applied = applier.apply(parsed, hasHistory, plan);
            try {
                lock.commit();
            } catch (SQLException e) {
                throw BatchFailure.commitFailed(settings.database(), e, parsed.size(), plan, lock);
            }
            listener.committed();
            List<String> warnings = warnings(plan);
            warnings.addAll(applier.warnings());
            MigrationResult result =
                    new MigrationResult(applied, plan.targetVersion(), lock.waited(), since(start), warnings);
            LOG.fine(() -> "committed " + applied.size() + " migrations");
            return result;
        } catch (StorageFailedException e) {
            // The lock's connection is closed by now; the file still holds the batch's pages until this runs.
            HotJournal.rollBack(settings.database());
            throw e;
        }
    }

    /**
     * The result of a no-op read without the lock; its inputs go to {@code cleanNoops} (when not null) when it warns
     * of nothing.
     */
    private MigrationResult noop(HistoryReader.PlanRead read, long start, CleanNoops cleanNoops) {
        List<String> warnings = warnings(read.plan());
        if (cleanNoops != null && warnings.isEmpty() && read.fingerprint() != null) {
            cleanNoops.proven(read.fingerprint(), read.plan().highestApplied());
        }
        return new MigrationResult(List.of(), read.plan().highestApplied(), Duration.ZERO, since(start), warnings);
    }

    private void refuseIfUnadopted(Connection connection, boolean hasHistory) {
        try {
            NotAdoptedException.refuseIfUnadopted(connection, settings, hasHistory);
        } catch (SQLException e) {
            throw BatchFailure.historyUnreadable(settings.database(), e);
        }
    }

    /**
     * Loads SQLite's native library (unpacked from the jar on first use) and the driver's classes, by opening an
     * in-memory database, before the engine's clock starts: the engine time and the lock wait then measure the
     * engine and the lock, not the JVM's warm-up (~100-300 ms on a cold JVM).
     */
    public static void loadDriver() {
        if (driverLoaded) {
            return;
        }
        try (java.sql.Connection warmUp = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
            warmUp.createStatement().execute("SELECT 1");
            driverLoaded = true;
        } catch (Exception e) {
            throw new dev.schemagate.daemon.SchemagateException(
                    dev.schemagate.protocol.ExitCodes.SOFTWARE,
                    "schemagate: cannot load SQLite's native library: " + e + ". Action: make the temporary folder"
                            + " writable and executable, or set -Dorg.sqlite.tmpdir to a folder that is.",
                    e);
        }
    }

    private static List<String> warnings(MigrationPlan plan) {
        List<String> warnings = new ArrayList<>();
        for (MigrationStatus s : plan.missing()) {
            warnings.add("migration " + s.applied().script() + " (version " + s.version() + ") was applied on "
                    + s.applied().appliedAt() + " but its file is no longer in the folder");
        }
        return warnings;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The {@code applied_at} value: the current instant, UTC, ISO-8601 with milliseconds. */
    static String now() {
        return Instant.ofEpochMilli(System.currentTimeMillis()).toString();
    }
}
