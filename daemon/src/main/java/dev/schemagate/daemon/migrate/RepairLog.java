package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code schemagate_repairs} table: one row per history row that {@code schemagate repair} changed, holding what
 * the row said before (checksum and text), the checksum it says now, when and by whom. Written in the repair's own
 * transaction, so a repair is never recorded without its audit row or the other way round.
 *
 * <p>The table name and columns are part of the contract: operators query them with sqlite3.
 */
final class RepairLog {
    /** Part of the contract. */
    static final String TABLE = "schemagate_repairs";

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " (\n"
            + "  id            INTEGER PRIMARY KEY AUTOINCREMENT,\n"
            + "  version       TEXT    NOT NULL,\n"
            + "  script        TEXT    NOT NULL,\n"
            + "  old_checksum  TEXT    NOT NULL,\n"
            + "  new_checksum  TEXT    NOT NULL,\n"
            + "  old_sql_data  BLOB,\n"
            + "  old_sql_size  INTEGER,\n"
            + "  repaired_at   TEXT    NOT NULL,\n"
            + "  repaired_by   TEXT    NOT NULL,\n"
            + "  process       TEXT    NOT NULL\n"
            + ")";

    private RepairLog() {}

    /** Records that {@code drift}'s row is about to take its file's checksum and text; inside the transaction. */
    static void record(Connection connection, Drift drift, String repairedAt, String user) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(CREATE);
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + TABLE
                + " (version, script, old_checksum, new_checksum, old_sql_data, old_sql_size, repaired_at,"
                + " repaired_by, process) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            StoredText old = drift.appliedText() == null ? null : StoredText.of(drift.appliedText());
            ps.setString(1, drift.applied().version().toString());
            ps.setString(2, drift.file().script());
            ps.setString(3, drift.applied().checksum());
            ps.setString(4, drift.file().checksum());
            ps.setBytes(5, old == null ? null : old.data());
            if (old == null) {
                ps.setNull(6, java.sql.Types.INTEGER);
            } else {
                ps.setInt(6, old.size());
            }
            ps.setString(7, repairedAt);
            ps.setString(8, user);
            ps.setString(9, ProcessIdentity.hostAndPid());
            ps.executeUpdate();
        }
    }
}
