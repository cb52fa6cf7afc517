package dev.schemagate.examples;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The start-up read every example app does: it needs tables that the sample migrations create, so an app that
 * started before the schema was complete fails here with "no such table" (or sees half the data).
 */
public final class SchemaProbe {
    /** Starts the line an example app prints once its start-up read succeeded; the tests look for it. */
    public static final String STARTUP_MARKER = "schemagate-example-app: schema at start-up:";

    private SchemaProbe() {}

    /** The version schemagate applied last. */
    public static final String SCHEMAGATE_VERSION =
            "SELECT version FROM schemagate_history ORDER BY rowid DESC LIMIT 1";

    /** Reads the applied version (from schemagate's history) and the sample counts over {@code connection}. */
    public static SchemaSnapshot read(Connection connection) throws SQLException {
        return read(connection, SCHEMAGATE_VERSION);
    }

    /**
     * As {@link #read(Connection)}, the version from {@code versionQuery}: an app whose migrations another tool ran
     * (Spring Boot's Flyway) reads that tool's history.
     */
    public static SchemaSnapshot read(Connection connection, String versionQuery) throws SQLException {
        try (Statement s = connection.createStatement()) {
            String version = single(s, versionQuery);
            String accounts = single(s, "SELECT count(*) FROM account_totals");
            String orders = single(s, "SELECT coalesce(sum(order_count), 0) FROM accounts");
            return new SchemaSnapshot(version, Long.parseLong(accounts), Long.parseLong(orders));
        }
    }

    /** The start-up line for {@code seen}: {@link #STARTUP_MARKER} and the snapshot. */
    public static String startupLine(SchemaSnapshot seen) {
        return STARTUP_MARKER + " " + seen.text();
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getString(1);
        }
    }
}
