package dev.schemagate.bench;

import dev.schemagate.daemon.migrate.AppliedMigration;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.daemon.migrate.SchemaHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * What keeping each applied script's text costs (issue 8, drift as a diff): the bytes the history stores for the
 * 500-migration corpus of row 3, raw and as stored (zlib where smaller), and the time to record a batch of 500
 * history rows, and a single one, with the text and without it (the whole transaction: BEGIN IMMEDIATE, inserts,
 * COMMIT on a real file).
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl bench -am package -DskipTests
 * java -cp bench/target/schemagate-bench.jar dev.schemagate.bench.HistoryTextCost [ROUNDS]
 * </pre>
 */
public final class HistoryTextCost {
    private HistoryTextCost() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Migrator.loadDriver();
        Path work = Files.createTempDirectory("schemagate-history-text");
        List<String> texts = Corpus.write(Files.createDirectories(work.resolve("migrations")), 500, 20);
        long raw = texts.stream()
                .mapToLong(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .sum();
        Path sized = work.resolve("sized.db");
        record(sized, texts, true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sized);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT sum(sql_size), sum(length(sql_data)),"
                        + " sum(length(sql_data) < sql_size) FROM " + SchemaHistory.TABLE)) {
            rs.next();
            System.out.printf(
                    "500 scripts: %d bytes raw (sum(sql_size) %d), %d bytes stored, %d of 500 compressed (%.0f%%)%n",
                    raw, rs.getLong(1), rs.getLong(2), rs.getInt(3), 100.0 * rs.getLong(2) / raw);
        }
        for (int batch : new int[] {500, 1}) {
            List<String> some = texts.subList(0, batch);
            double[] with = new double[rounds];
            double[] without = new double[rounds];
            for (int r = -3; r < rounds; r++) {
                // Alternated, so drift in the machine's load hits both alike; the first 3 rounds warm up.
                double a = record(work.resolve("with-" + batch + "-" + r + ".db"), some, true);
                double b = record(work.resolve("without-" + batch + "-" + r + ".db"), some, false);
                if (r >= 0) {
                    with[r] = a;
                    without[r] = b;
                }
            }
            System.out.printf(
                    "batch of %d history rows: with text median %.2f ms, without %.2f ms (%d rounds each)%n",
                    batch, median(with), median(without), rounds);
        }
    }

    /** Records one history row per text in one transaction on a new file; returns the milliseconds it took. */
    private static double record(Path db, List<String> texts, boolean withText) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            SchemaHistory.create(c);
            long start = System.nanoTime();
            s.execute("BEGIN IMMEDIATE");
            for (int i = 0; i < texts.size(); i++) {
                AppliedMigration row = new AppliedMigration(
                        MigrationVersion.parse(Integer.toString(i + 1)),
                        "m" + (i + 1),
                        "V" + (i + 1) + "__m.sql",
                        "0".repeat(64),
                        "2026-12-02T00:00:00Z",
                        1,
                        "bench:1");
                SchemaHistory.insert(c, row, withText ? texts.get(i) : null);
            }
            s.execute("COMMIT");
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
