package dev.schemagate.daemon.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * SQLite's write lock, held by an open {@code BEGIN IMMEDIATE} transaction on a connection of its own.
 *
 * <p>Closing without {@link #commit()} rolls back, so an exception anywhere leaves the database as it was.
 */
public final class WriteLock implements AutoCloseable {
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
            // SQLite rolls back on its own when an error already ended the transaction or the connection closes.
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
