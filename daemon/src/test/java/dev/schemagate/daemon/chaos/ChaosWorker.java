package dev.schemagate.daemon.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker JVM of the chaos test, started with the agent. Its main() records, in one read transaction (one
 * snapshot), the history, the tables and a probe of each table, as one line in its own log file.
 *
 * <p>Usage: {@code ChaosWorker DB LOG_FILE WORKER_ID REQUIRES}.
 */
public final class ChaosWorker {
    private ChaosWorker() {}

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        Path db = Path.of(args[0]);
        Path log = Path.of(args[1]);
        StringBuilder line = new StringBuilder()
                .append("worker=")
                .append(args[2])
                .append(" requires=")
                .append(args[3])
                .append(" main_at=")
                .append(mainAt);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false); // the reads below share one snapshot
            try (Statement s = c.createStatement()) {
                List<String> history = column(s, "SELECT version FROM schemagate_history ORDER BY rowid");
                List<String> tables = column(
                        s,
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'schemagate%'"
                                + " ORDER BY name");
                List<String> probes = new ArrayList<>();
                for (String table : tables) {
                    String column = table.startsWith("t") ? "s" : "x";
                    probes.add(table + ":" + String.join("+", column(s, "SELECT " + column + " FROM " + table)));
                }
                line.append(" history=")
                        .append(String.join(",", history))
                        .append(" tables=")
                        .append(String.join(",", tables))
                        .append(" probes=")
                        .append(String.join(",", probes));
            }
            c.rollback();
        } catch (Exception e) {
            // Recorded, not thrown: "main() ran and found no schema" is exactly what the checker must see.
            line.append(" error=").append(String.valueOf(e.getMessage()).replace(' ', '_'));
        }
        Path tmp = log.resolveSibling(log.getFileName() + ".tmp");
        Files.writeString(tmp, line.append('\n').toString(), StandardCharsets.UTF_8);
        Files.move(tmp, log, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> column(Statement s, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
