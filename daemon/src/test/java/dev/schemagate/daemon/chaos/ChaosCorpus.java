package dev.schemagate.daemon.chaos;

/**
 * The chaos corpus: migration {@code k} creates two tables, {@code t<k>} (one row, a sum that costs CPU to compute;
 * every third one is slow, so kills land inside it) and {@code u<k>} (the row {@code k}). A worker that sees one
 * without the other, or a wrong sum, saw half a migration.
 */
final class ChaosCorpus {
    private ChaosCorpus() {}

    static String fileName(int k) {
        return "V" + k + "__chaos_" + k + ".sql";
    }

    /** How many numbers t{@code k} sums: about a second of SQLite work for every third migration, a few ms else. */
    static long terms(int k) {
        return k % 3 == 0 ? 1_500_000L + k : 20_000L + k;
    }

    static long expectedSum(int k) {
        long n = terms(k);
        return n * (n + 1) / 2;
    }

    static String sql(int k) {
        return "CREATE TABLE t" + k + " AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                + terms(k) + ") SELECT sum(i) AS s FROM n;\n"
                + "CREATE TABLE u" + k + " (x INTEGER NOT NULL);\n"
                + "INSERT INTO u" + k + " VALUES (" + k + ");\n";
    }
}
