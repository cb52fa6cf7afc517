package dev.schemagate.daemon.lock;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * SQLite's write lock, held by an open {@code BEGIN IMMEDIATE} transaction on a connection of its own.
 *
 * <p>Closing without {@link #commit()} rolls back, so an exception anywhere leaves the database as it was.
 */
public final class WriteLock implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteLock.class.getName());

    private final Connection connection;
    private final int attempts;
    private final Duration waited;
    private final LockSettings settings;
    private final Backoff backoff;
    private boolean open = true;
    private int commitAttempts;
    private Duration commitWaited = Duration.ZERO;

    WriteLock(Connection connection, int attempts, Duration waited, LockSettings settings, Backoff backoff) {
        this.connection = connection;
        this.attempts = attempts;
        this.waited = waited;
        this.settings = settings;
        this.backoff = backoff;
    }

    /** The connection inside the transaction; statements run on it are part of the transaction. */
    public Connection connection() {
        return connection;
    }

    /** How many BEGIN IMMEDIATE attempts it took. */
    public int attempts() {
        return attempts;
    }

    /** How long acquiring took, busy waits and backoff included. */
    public Duration waited() {
        return waited;
    }

    /** How many times COMMIT was tried (more than one when readers kept it busy). */
    public int commitAttempts() {
        return commitAttempts;
    }

    /** How long the COMMIT attempts took in all, busy waits and backoff included. */
    public Duration commitWaited() {
        return commitWaited;
    }

    /**
     * Commits the transaction and releases the lock. In rollback-journal mode COMMIT must wait until every open
     * reader is done; a busy COMMIT leaves the transaction open (and holds SQLite's PENDING lock, so no new reader
     * starts), so it is retried like the lock itself: each attempt waits up to the busy timeout, with the lock's
     * backoff between attempts, and the lock deadline bounds the whole wait, counted from the first COMMIT (the time
     * spent taking the lock and running the batch does not shorten it). The last busy error is rethrown: the caller
     * then closes, which rolls back.
     */
    public void commit() throws SQLException {
        long start = System.nanoTime();
        long deadline = start + settings.deadline().toNanos();
        while (true) {
            commitAttempts++;
            long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = "
                        + Math.min(settings.busyTimeout().toMillis(), remainingMs));
                s.execute("COMMIT");
                open = false;
                return;
            } catch (SQLException e) {
                if (!SqliteErrors.isBusy(e) || commitAttempts > settings.retries() || System.nanoTime() >= deadline) {
                    throw e;
                }
            } finally {
                commitWaited = Duration.ofNanos(System.nanoTime() - start);
            }
            long pauseNanos =
                    Math.min(backoff.delay(commitAttempts).toNanos(), Math.max(0, deadline - System.nanoTime()));
            int retry = commitAttempts;
            LOG.log(
                    WriteLockAcquirer.levelFor(retry),
                    () -> "COMMIT is busy: waiting for readers of the database to finish (attempt " + retry + " of "
                            + (settings.retries() + 1) + ", waited " + commitWaited.toMillis() + "ms); retry in "
                            + pauseNanos / 1_000_000 + "ms");
            sleep(pauseNanos);
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemagateException(ExitCodes.TEMP_FAIL, "schemagate: interrupted while waiting to commit");
        }
    }

    /** Rolls back if not committed, and closes the connection. */
    @Override
    public void close() {
        try {
            if (open) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                }
            }
        } catch (SQLException e) {
            // After SQLITE_FULL or SQLITE_IOERR, SQLite has already rolled the whole transaction back by itself, so
            // ROLLBACK fails with "no transaction is active" (JDBC's getAutoCommit() cannot tell: it only tracks the
            // driver's own calls). Any other leftover ends below: closing the handle rolls back an open transaction,
            // and a journal left by a crash is rolled back by the next connection that opens the file.
            LOG.fine(() -> "ROLLBACK after a failed batch: " + SqliteErrors.describe(e) + "; closing the connection");
        } finally {
            open = false;
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing left to release: a failed close of a SQLite handle does not keep locks.
            }
        }
    }
}
