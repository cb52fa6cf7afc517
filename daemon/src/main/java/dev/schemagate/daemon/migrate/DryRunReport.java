package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each migration of a dry run did, read from the transaction itself: the schema objects it created, altered
 * and dropped (sqlite_schema before and after), the rows it changed ({@code total_changes()}), and its slow
 * statements.
 */
public final class DryRunReport implements StatementObserver {
    /** Statements at least this slow are listed with their time. */
    public static final long SLOW_NANOS = 100_000_000L;

    /** One migration's effect. */
    public record Effect(
            String script,
            List<String> created,
            List<String> altered,
            List<String> dropped,
            long rowsChanged,
            long millis,
            List<String> slowStatements) {}

    private final Connection connection;
    private final List<Effect> effects = new ArrayList<>();
    private Map<String, String> schemaBefore;
    private long changesBefore;
    private long started;
    private List<String> slow;

    DryRunReport(Connection connection) {
        this.connection = connection;
    }

    /** The migrations that ran, in order; the failing one (if any) is not among them. */
    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    @Override
    public void migrationStarting(MigrationFile file) throws SQLException {
        schemaBefore = schema();
        changesBefore = totalChanges();
        started = System.nanoTime();
        slow = new ArrayList<>();
    }

    @Override
    public void statementRan(SqlStatement sql, long nanos) {
        if (nanos >= SLOW_NANOS) {
            String text = sql.sql().replaceAll("\\s+", " ");
            slow.add("line " + sql.line() + " took " + nanos / 1_000_000 + " ms: "
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
    }

    @Override
    public void migrationDone(MigrationFile file) throws SQLException {
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> after = schema();
        List<String> created = new ArrayList<>();
        List<String> altered = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = schemaBefore.get(e.getKey());
            if (old == null) {
                created.add(e.getKey());
            } else if (!old.equals(e.getValue())) {
                altered.add(e.getKey());
            }
        }
        for (String key : schemaBefore.keySet()) {
            if (!after.containsKey(key)) {
                dropped.add(key);
            }
        }
        effects.add(new Effect(
                file.script(), created, altered, dropped, totalChanges() - changesBefore, millis, List.copyOf(slow)));
    }

    /** "table users" -> its SQL, for every object but SQLite's internal ones and schemagate's history. */
    private Map<String, String> schema() throws SQLException {
        Map<String, String> objects = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, name, sql FROM sqlite_schema"
                        + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name <> '" + SchemaHistory.TABLE
                        + "' ORDER BY type, name")) {
            while (rs.next()) {
                objects.put(rs.getString(1) + " " + rs.getString(2), String.valueOf(rs.getString(3)));
            }
        }
        return objects;
    }

    private long totalChanges() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT total_changes()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
