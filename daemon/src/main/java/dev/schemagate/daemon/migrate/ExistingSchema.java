package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a database holds before schemagate adopts it: its tables, and the history tables of other migration tools
 * among them.
 *
 * @param tables  every table except SQLite's own, by name
 * @param foreign the other tools' history tables found, each with what it is
 */
public record ExistingSchema(List<String> tables, List<ForeignHistory> foreign) {

    /** Reads the schema; cheap (one query over sqlite_schema plus one per candidate history table). */
    public static ExistingSchema inspect(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        List<ForeignHistory> foreign = new ArrayList<>();
        for (String table : tables) {
            ForeignHistory found = ForeignHistory.recognise(table, columnsOf(connection, table));
            if (found != null) {
                foreign.add(found);
            }
        }
        return new ExistingSchema(List.copyOf(tables), List.copyOf(foreign));
    }

    /** The column names of {@code table}, lower case. */
    static Set<String> columnsOf(Connection connection, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(\"" + table.replace("\"", "\"\"") + "\")")) {
            while (rs.next()) {
                names.add(rs.getString("name").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    /** The tools whose history {@code schemagate import} can take over. */
    public List<ForeignHistory> importable() {
        return foreign.stream().filter(f -> f.format() != null).toList();
    }

    /** True when the database has no tables at all: a new database, nothing to adopt. */
    public boolean isEmpty() {
        return tables.isEmpty();
    }
}
