package dev.schemagate.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helpers over real SQLite files: write migration files, read schema and rows back. */
public final class Sqlite {
    private Sqlite() {}

    /** Writes a migration file (UTF-8) and returns its path. */
    public static Path write(Path folder, String name, String sql) {
        try {
            Files.createDirectories(folder);
            return Files.writeString(folder.resolve(name), sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every row of a query, each as "a|b|c" (the sqlite3 shell's list mode). */
    public static List<String> rows(Path db, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(sb.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The schema (type, name, table, sql) without schemagate's own table and its index, sorted by name. */
    public static List<String> schema(Path db) {
        return rows(
                db,
                "SELECT type, name, tbl_name, sql FROM sqlite_schema"
                        + " WHERE tbl_name NOT LIKE 'schemagate%' ORDER BY type, name");
    }

    /** Versions recorded in the history table, in insertion order. */
    public static List<String> history(Path db) {
        return rows(db, "SELECT version FROM schemagate_history ORDER BY rowid");
    }

    /** Runs statements on a fresh connection with autocommit. */
    public static void exec(Path db, String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
