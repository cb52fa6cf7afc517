package dev.schemagate.examples.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a test's SQLite file over a real connection of its own. */
public final class DatabaseRows {
    private DatabaseRows() {}

    /** Every row of {@code sql}, its columns joined by '|' as the sqlite3 shell prints them (NULL as empty). */
    public static List<String> of(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    row.append(i == 1 ? "" : "|").append(value == null ? "" : value);
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }
}
