package dev.schemagate.daemon.lock;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.SQLiteConfig;

/**
 * Takes SQLite's write lock with {@code BEGIN IMMEDIATE}: a new connection per attempt, a busy wait per attempt,
 * exponential backoff between attempts, and a strict overall deadline that bounds the busy waits too.
 */
public final class WriteLockAcquirer {
    private static final Logger LOG = Logger.getLogger(WriteLockAcquirer.class.getName());

    private final LockSettings settings;
    private final LockListener listener;
    private final Backoff backoff;

    public WriteLockAcquirer(LockSettings settings, LockListener listener) {
        this(settings, listener, new Random());
    }

    WriteLockAcquirer(LockSettings settings, LockListener listener, Random random) {
        this.settings = settings;
        this.listener = listener;
        this.backoff = new Backoff(settings.baseBackoff(), random);
    }

    /** Returns the lock, or throws {@link LockTimeoutException} (exit 75) once the retries or the deadline run out. */
    public WriteLock acquire(Path database) {
        long start = System.nanoTime();
        long deadline = start + settings.deadline().toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs < 1) {
                throw timeout(
                        database,
                        attempt - 1,
                        start,
                        "the " + settings.deadline().toMillis() + "ms deadline passed");
            }
            // The busy wait of this attempt may not outlast the deadline: that is what keeps the deadline strict.
            int busyMs = (int) Math.min(settings.busyTimeout().toMillis(), remainingMs);
            Connection connection = open(database, busyMs);
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                return new WriteLock(
                        connection, attempt, Duration.ofNanos(System.nanoTime() - start), settings, backoff);
            } catch (SQLException e) {
                closeQuietly(connection);
                if (!SqliteErrors.isBusy(e)) {
                    throw unusable(database, e, "taking the write lock (BEGIN IMMEDIATE)");
                }
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            listener.busy(attempt, waited);
            if (attempt > settings.retries()) {
                throw timeout(database, attempt, start, "all " + settings.retries() + " retries were used");
            }
            int retry = attempt;
            Duration pause = backoff.delay(retry);
            long pauseNanos = Math.min(pause.toNanos(), deadline - System.nanoTime());
            LOG.log(
                    levelFor(retry),
                    () -> "database " + database + " is locked by another writer (attempt " + retry
                            + " of " + (settings.retries() + 1) + ", waited " + millis(waited) + "); retry " + retry
                            + " in "
                            + pauseNanos / 1_000_000 + "ms");
            if (pauseNanos > 0) {
                sleep(pauseNanos);
            }
        }
    }

    /** Retries 1-3 are routine (DEBUG), 4-7 worth knowing (INFO), 8 and later a likely problem (WARN). */
    static Level levelFor(int retry) {
        if (retry <= 3) {
            return Level.FINE;
        }
        return retry <= 7 ? Level.INFO : Level.WARNING;
    }

    private static Connection open(Path database, int busyMs) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyMs);
        try {
            return config.createConnection("jdbc:sqlite:" + database);
        } catch (SQLException e) {
            throw unusable(database, e, "opening it");
        }
    }

    private static SchemagateException unusable(Path database, SQLException e, String during) {
        StorageFault fault = StorageFault.of(e, database);
        if (fault != null) {
            return StorageFailedException.of(fault, database, e, during, "Nothing was applied.");
        }
        return new SchemagateException(
                ExitCodes.SOFTWARE,
                "schemagate: cannot open database " + database + " for"
                        + " writing: " + SqliteErrors.describe(e)
                        + ". Action: check that the path names an SQLite file and that"
                        + " this user may write both the file and its folder (SQLite creates a journal beside it).",
                e);
    }

    private LockTimeoutException timeout(Path database, int attempts, long start, String why) {
        String elapsed = millis(Duration.ofNanos(System.nanoTime() - start));
        List<LockHolder> holders = LockHolderFinder.writersOf(database);
        StringBuilder sb = new StringBuilder("schemagate: Failed to acquire migration lock on ")
                .append(database)
                .append(" after ")
                .append(attempts)
                .append(attempts == 1 ? " attempt" : " attempts")
                .append(" over ")
                .append(elapsed)
                .append(" (")
                .append(why)
                .append(").");
        if (holders.isEmpty()) {
            sb.append(" The kernel does not name the holder (it may have just released the lock, or lives in another"
                    + " mount namespace).");
        } else {
            sb.append(" The write lock is held by ");
            for (int i = 0; i < holders.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(holders.get(i).describe());
            }
            sb.append('.');
        }
        sb.append(" Possible causes: 1. Another process is stuck in a migration or a long write transaction."
                        + " 2. Database file permissions (the lock needs write access to the file and its folder)."
                        + " 3. Disk I/O problems, or the file lives on a network file system whose locks do not work."
                        + " Action: find the holder (fuser -v ")
                .append(database)
                .append(", or the pid above), let it finish or"
                        + " stop it, then run schemagate again; raise --lock-deadline if long writes are expected.");
        return new LockTimeoutException(sb.toString(), attempts);
    }

    private static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + "ms" : String.format("%.1fs", ms / 1000.0);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemagateException(ExitCodes.TEMP_FAIL, "schemagate: interrupted while waiting for the lock");
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The attempt failed already; a busy connection holds no lock to release.
        }
    }
}
