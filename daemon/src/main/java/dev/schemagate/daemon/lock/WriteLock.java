package dev.schemagate.daemon.lock;

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
    private boolean open = true;

    WriteLock(Connection connection, int attempts, Duration waited) {
        this.connection = connection;
        this.attempts = attempts;
        this.waited = waited;
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

    /** Commits the transaction and releases the lock. */
    public void commit() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("COMMIT");
        }
        open = false;
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
