package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code schemagate_history} table: which migrations were applied, when, by whom, with which checksum.
 *
 * <p>The table name and columns are part of the contract: operators query them with sqlite3.
 */
public final class SchemaHistory {
    /** Part of the contract. */
    public static final String TABLE = "schemagate_history";

    private static final String CREATE = "CREATE TABLE " + TABLE + " (\n"
            + "  version      TEXT    NOT NULL PRIMARY KEY,\n"
            + "  description  TEXT    NOT NULL,\n"
            + "  script       TEXT    NOT NULL,\n"
            + "  checksum     TEXT    NOT NULL,\n"
            + "  applied_at   TEXT    NOT NULL,\n"
            + "  execution_ms INTEGER NOT NULL,\n"
            + "  applied_by   TEXT    NOT NULL,\n"
            + "  kind         TEXT    NOT NULL DEFAULT 'applied',\n"
            + "  sql_data     BLOB,\n"
            + "  sql_size     INTEGER\n"
            + ")";

    /**
     * Columns added after the first release, each with its {@code ALTER TABLE} clause: {@link #upgrade} adds the
     * missing ones inside a write transaction, so a history written by an older schemagate keeps working.
     */
    private static final Map<String, String> ADDED_COLUMNS = Map.of(
            "kind", "kind TEXT NOT NULL DEFAULT '" + AppliedMigration.APPLIED + "'",
            // The text that ran (see StoredText); NULL in rows written before it was kept, and for baseline and
            // imported rows, whose text schemagate never ran.
            "sql_data", "sql_data BLOB",
            "sql_size", "sql_size INTEGER");

    private SchemaHistory() {}

    /** True when the history table exists. */
    public static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Creates the table, or upgrades an older one; called inside the write transaction of the first batch (or of
     * baseline, import) so it never exists half-used.
     */
    public static void createOrUpgrade(Connection connection, boolean exists) throws SQLException {
        if (exists) {
            upgrade(connection);
        } else {
            create(connection);
        }
    }

    /** Creates the table; called inside the transaction of the first batch so it never exists half-used. */
    public static void create(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(CREATE);
        }
    }

    /** Adds the columns a history written by an older schemagate lacks; call it inside the write transaction. */
    public static void upgrade(Connection connection) throws SQLException {
        Set<String> present = columns(connection);
        try (Statement s = connection.createStatement()) {
            for (Map.Entry<String, String> column : ADDED_COLUMNS.entrySet()) {
                if (!present.contains(column.getKey())) {
                    s.executeUpdate("ALTER TABLE " + TABLE + " ADD COLUMN " + column.getValue());
                }
            }
        }
    }

    private static Set<String> columns(Connection connection) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA table_info(" + TABLE + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /** Every applied migration, in version order; empty when the table does not exist. */
    public static List<AppliedMigration> read(Connection connection) throws SQLException {
        List<AppliedMigration> rows = new ArrayList<>();
        if (!exists(connection)) {
            return rows;
        }
        // A history written before the kind column existed holds only rows schemagate applied.
        String kind = columns(connection).contains("kind") ? "kind" : "'" + AppliedMigration.APPLIED + "'";
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, description, script, checksum, applied_at,"
                        + " execution_ms, applied_by, " + kind + " FROM " + TABLE)) {
            while (rs.next()) {
                rows.add(new AppliedMigration(
                        MigrationVersion.parse(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getString(7),
                        rs.getString(8)));
            }
        }
        rows.sort((a, b) -> a.version().compareTo(b.version()));
        return rows;
    }

    /**
     * What of the history decides a no-op, as one text SQLite builds itself: every row's version, checksum and kind,
     * in rowid order, each value written as its length (-1 for NULL), a colon and the value, so that no two histories
     * give the same text (a plan without pending, problems or warnings reads nothing else of a row). Two equal
     * fingerprints with the same files give the same plan; {@link NoopRecord} compares them instead of reading every
     * row through JDBC, and SQLite builds it for 10,000 rows in a few milliseconds ({@code quote()} took four times
     * as long). Null when it cannot be read (no history, one from before the kind column, a busy database).
     */
    static byte[] fingerprintOrNull(Connection connection) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(group_concat(" + lengthPrefixed("version") + " || "
                        + lengthPrefixed("checksum") + " || " + lengthPrefixed("kind") + ", '' ORDER BY rowid), '')"
                        + " FROM " + TABLE)) {
            return rs.next() ? rs.getBytes(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static String lengthPrefixed(String column) {
        return "ifnull(length(" + column + "), -1) || ':' || ifnull(" + column + ", '')";
    }

    /** Records one migration whose text schemagate did not run (baseline, imported). */
    public static void insert(Connection connection, AppliedMigration row) throws SQLException {
        insert(connection, row, null);
    }

    /** Records one applied migration and {@code sql}, the text that ran (null: none). */
    public static void insert(Connection connection, AppliedMigration row, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                + " (version, description, script, checksum, applied_at, execution_ms, applied_by, kind,"
                + " sql_data, sql_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, row.version().toString());
            ps.setString(2, row.description());
            ps.setString(3, row.script());
            ps.setString(4, row.checksum());
            ps.setString(5, row.appliedAt());
            ps.setLong(6, row.executionMs());
            ps.setString(7, row.appliedBy());
            ps.setString(8, row.kind());
            StoredText stored = sql == null ? null : StoredText.of(sql);
            ps.setBytes(9, stored == null ? null : stored.data());
            if (stored == null) {
                ps.setNull(10, java.sql.Types.INTEGER);
            } else {
                ps.setInt(10, stored.size());
            }
            ps.executeUpdate();
        }
    }

    /**
     * The stored text of each of {@code versions} that has one. Read apart from {@link #read} so that the no-op path
     * never loads the texts: only drift needs them. A history without the column yields an empty map.
     */
    public static Map<MigrationVersion, String> texts(Connection connection, Collection<MigrationVersion> versions)
            throws SQLException {
        Map<MigrationVersion, String> texts = new HashMap<>();
        if (versions.isEmpty() || !columns(connection).contains("sql_data")) {
            return texts;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT sql_data, sql_size FROM " + TABLE + " WHERE version = ? AND sql_data IS NOT NULL")) {
            for (MigrationVersion version : versions) {
                ps.setString(1, version.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String text = readable(rs.getBytes(1), rs.getInt(2));
                        if (text != null) {
                            texts.put(version, text);
                        }
                    }
                }
            }
        }
        return texts;
    }

    /** A text someone damaged by hand counts as absent: drift is then shown by checksums, never a crash. */
    private static String readable(byte[] data, int size) {
        try {
            return new StoredText(data, size).text();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Gives an applied row a new checksum and text ({@code schemagate repair}); inside the write transaction. */
    static void replaceText(Connection connection, MigrationVersion version, String checksum, String sql)
            throws SQLException {
        StoredText stored = StoredText.of(sql);
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE " + TABLE + " SET checksum = ?, sql_data = ?, sql_size = ? WHERE version = ?")) {
            ps.setString(1, checksum);
            ps.setBytes(2, stored.data());
            ps.setInt(3, stored.size());
            ps.setString(4, version.toString());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("no history row has version " + version);
            }
        }
    }
}
