package dev.schemagate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated migration folders in Flyway's naming form ({@code V<n>__<desc>.sql}), which both schemagate and Flyway
 * read: a realistic mix of tables, foreign keys, indexes, ALTER TABLE, inserts, triggers and views.
 */
final class Corpus {
    private Corpus() {}

    /** Writes {@code count} migrations into {@code dir}; returns their texts in order (for the sqlite3 script). */
    static List<String> write(Path dir, int count, int rowsPerInsert) throws IOException {
        List<String> texts = new ArrayList<>();
        int table = 0;
        for (int i = 1; i <= count; i++) {
            StringBuilder sql = new StringBuilder();
            String desc;
            int kind = (i - 1) % 10;
            if (kind == 0 || table == 0) {
                table++;
                desc = "create_t" + table;
                sql.append("-- table ").append(table).append('\n');
                sql.append("CREATE TABLE t")
                        .append(table)
                        .append(" (\n")
                        .append("  id INTEGER PRIMARY KEY,\n")
                        .append("  name TEXT NOT NULL,\n")
                        .append("  amount_cents INTEGER NOT NULL DEFAULT 0,\n")
                        .append("  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
                if (table > 1) {
                    sql.append(",\n  parent_id INTEGER REFERENCES t")
                            .append(table - 1)
                            .append("(id)");
                }
                sql.append("\n);\n");
                sql.append("CREATE INDEX t")
                        .append(table)
                        .append("_name ON t")
                        .append(table)
                        .append("(name);\n");
            } else if (kind == 1 || kind == 5 || kind == 8) {
                desc = "seed_t" + table + "_" + i;
                sql.append("INSERT INTO t").append(table).append(" (name, amount_cents) VALUES\n");
                for (int r = 0; r < rowsPerInsert; r++) {
                    sql.append("  ('row ")
                            .append(i)
                            .append('-')
                            .append(r)
                            .append(" it''s; ok', ")
                            .append((i * 31 + r * 7) % 10_000)
                            .append(r + 1 < rowsPerInsert ? "),\n" : ");\n");
                }
            } else if (kind == 2) {
                desc = "alter_t" + table;
                sql.append("ALTER TABLE t")
                        .append(table)
                        .append(" ADD COLUMN note_")
                        .append(i)
                        .append(" TEXT DEFAULT 'n/a';\n");
            } else if (kind == 3) {
                desc = "index_t" + table;
                sql.append("CREATE INDEX t")
                        .append(table)
                        .append("_amount_")
                        .append(i)
                        .append(" ON t")
                        .append(table)
                        .append("(amount_cents, created_at);\n");
            } else if (kind == 4) {
                desc = "audit_trigger_t" + table;
                sql.append("CREATE TABLE audit_").append(table).append(" (row_id INTEGER, what TEXT, at TEXT);\n");
                sql.append("CREATE TRIGGER t")
                        .append(table)
                        .append("_audit AFTER UPDATE ON t")
                        .append(table)
                        .append("\nBEGIN\n  INSERT INTO audit_")
                        .append(table)
                        .append(" VALUES (NEW.id, 'update; amount', datetime('now'));\n")
                        .append("  SELECT CASE WHEN NEW.amount_cents < 0 THEN RAISE(ABORT, 'negative') END;\nEND;\n");
            } else if (kind == 6) {
                desc = "view_t" + table;
                sql.append("CREATE VIEW v")
                        .append(table)
                        .append("_totals AS\n  SELECT name, count(*) AS n,")
                        .append(" sum(amount_cents) AS total FROM t")
                        .append(table)
                        .append(" GROUP BY name;\n");
            } else if (kind == 7) {
                desc = "backfill_t" + table;
                sql.append("UPDATE t").append(table).append(" SET amount_cents = amount_cents + 1 WHERE id % 2 = 0;\n");
            } else {
                desc = "cleanup_t" + table;
                sql.append("DELETE FROM t")
                        .append(table)
                        .append(" WHERE amount_cents > 9990;\n")
                        .append("/* a comment; with a semicolon */\n");
            }
            String text = sql.toString();
            texts.add(text);
            Files.writeString(dir.resolve("V" + i + "__" + desc + ".sql"), text);
        }
        return texts;
    }

    /** One script for the sqlite3 shell: the whole corpus in one transaction. */
    static String asOneTransaction(List<String> texts) {
        StringBuilder all = new StringBuilder("BEGIN;\n");
        for (String t : texts) {
            all.append(t);
        }
        return all.append("COMMIT;\n").toString();
    }
}
