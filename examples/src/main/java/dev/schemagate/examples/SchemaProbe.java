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

    /** Reads the applied version and the sample counts over {@code connection}. */
    public static SchemaSnapshot read(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            String version = single(s, "SELECT version FROM schemagate_history ORDER BY rowid DESC LIMIT 1");
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
