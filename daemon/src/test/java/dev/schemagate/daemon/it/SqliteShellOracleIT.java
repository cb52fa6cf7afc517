package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.daemon.testing.Sqlite3;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sqlite3 shell as the oracle for schemagate's statement splitting and execution: the same tricky files
 * run by {@code schemagate migrate} and, file by file, by {@code sqlite3 -bail other.db < file} must give the same
 * schema and the same rows.
 *
 * <p>The shell here is 3.40.1 and the driver 3.54.1; every feature used exists in both.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SqliteShellOracleIT {
    @TempDir
    Path dir;

    @Test
    void schemagateAndTheSqlite3ShellBuildTheSameDatabase() throws Exception {
        Path migrations = dir.resolve("migrations");
        List<Path> files = writeTrickyMigrations(migrations);
        Path viaSchemagate = dir.resolve("schemagate.db");
        Path viaShell = dir.resolve("shell.db");

        Result r = SchemagateProcess.run(
                dir.resolve("out"),
                Duration.ofSeconds(60),
                "migrate",
                "--db",
                viaSchemagate.toString(),
                "--migrations",
                migrations.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout()).startsWith("schemagate: applied " + files.size() + " migrations");
        for (Path file : files) {
            Sqlite3.run(viaShell, file);
        }

        List<String> schema = Sqlite.schema(viaSchemagate);
        assertThat(schema).as("schema built by schemagate vs by sqlite3").isEqualTo(Sqlite.schema(viaShell));
        // Proves the files really made what they claim, so an empty-vs-empty comparison cannot pass.
        assertThat(Sqlite.rows(
                        viaSchemagate,
                        "SELECT type, name FROM sqlite_schema"
                                + " WHERE tbl_name NOT LIKE 'schemagate%' ORDER BY type, name"))
                .containsExactly(
                        "index|customers_email",
                        "index|orders_open",
                        "index|products_sku",
                        "table|customer_search",
                        "table|customer_search_config",
                        "table|customer_search_data",
                        "table|customer_search_docsize",
                        "table|customer_search_idx",
                        "table|customers",
                        "table|invoices",
                        "table|odd;names",
                        "table|order_log",
                        "table|orders",
                        "table|products",
                        "trigger|customers_ad",
                        "trigger|customers_ai",
                        "trigger|customers_au",
                        "trigger|order_log_guard",
                        "trigger|orders_status",
                        "view|customer_totals",
                        "view|paid;orders");

        for (String table : Sqlite.rows(
                viaSchemagate,
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                        + " AND name NOT LIKE 'schemagate%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")) {
            assertThat(dump(viaSchemagate, table)).as("rows of %s", table).isEqualTo(dump(viaShell, table));
        }
        for (String query : List.of(
                "SELECT * FROM customer_totals ORDER BY id",
                "SELECT * FROM \"paid;orders\" ORDER BY id",
                "SELECT rowid, name, email FROM customer_search WHERE customer_search MATCH 'semicolon' ORDER BY rowid",
                "SELECT rowid FROM customer_search WHERE customer_search MATCH 'renamed' ORDER BY rowid",
                "SELECT count(*) FROM customer_search WHERE customer_search MATCH 'customer'",
                "PRAGMA user_version")) {
            assertThat(dump(viaSchemagate, query)).as(query).isEqualTo(dump(viaShell, query));
        }

        // Spot checks that the tricky parts did what they should (not just the same thing twice).
        assertThat(Sqlite.rows(viaSchemagate, "SELECT \"a;b\", [x;y], `z;` FROM \"odd;names\" ORDER BY id"))
                .containsExactly(
                        "semi;colon|1|it's; quoted", "BEGIN; END;|2|CASE x; END", "x;y|3|/* not; a comment */");
        assertThat(Sqlite.rows(viaSchemagate, "SELECT note, count(*) FROM order_log GROUP BY note ORDER BY note"))
                .containsExactly("paid; thanks|166", "voided|48");
        assertThat(Sqlite.rows(viaSchemagate, "SELECT count(*) FROM customers WHERE tier = 'gold'"))
                .containsExactly("48");
        assertThat(Sqlite.rows(
                        viaSchemagate, "SELECT rowid FROM customer_search WHERE customer_search MATCH" + " 'renamed'"))
                .containsExactly("1");
        assertThat(Sqlite.rows(
                        viaSchemagate,
                        "SELECT rowid, name FROM customer_search WHERE customer_search MATCH" + " 'zed'"))
                .containsExactly("51|Zed Semicolon");
        assertThat(Sqlite.rows(viaSchemagate, "SELECT id, gross_cents, label FROM invoices ORDER BY id LIMIT 2"))
                .containsExactly("1|120|inv;1", "2|240|inv;2");
        assertThat(Sqlite.rows(viaSchemagate, "SELECT count(*), sum(price_cents) FROM products"))
                .containsExactly("20|4200");
        assertThat(Sqlite.rows(viaSchemagate, "PRAGMA user_version")).containsExactly("6");
        assertThat(Sqlite.rows(viaSchemagate, "PRAGMA integrity_check")).containsExactly("ok");
        assertThat(Sqlite.rows(viaShell, "PRAGMA integrity_check")).containsExactly("ok");
    }

    /**
     * Every row of a table or a query, each value typed: blobs in hex, text quoted. Tables come in rowid order, or
     * ordered by every column when they are WITHOUT ROWID.
     */
    private static List<String> dump(Path db, String tableOrQuery) throws SQLException {
        String sql = tableOrQuery;
        if (!tableOrQuery.contains(" ")) {
            String quoted = "\"" + tableOrQuery.replace("\"", "\"\"") + "\"";
            int columns = Sqlite.rows(db, "PRAGMA table_info(" + quoted + ")").size();
            String order = "rowid";
            if (Sqlite.rows(db, "SELECT sql FROM sqlite_schema WHERE name = '" + tableOrQuery.replace("'", "''") + "'")
                    .get(0)
                    .contains("WITHOUT ROWID")) {
                order = String.join(
                        ", ",
                        java.util.stream.IntStream.rangeClosed(1, columns)
                                .mapToObj(Integer::toString)
                                .toList());
            }
            sql = "SELECT * FROM " + quoted + " ORDER BY " + order;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    sb.append(i == 1 ? "" : " | ").append(md.getColumnName(i)).append('=');
                    if (value instanceof byte[] bytes) {
                        sb.append("x'").append(HexFormat.of().formatHex(bytes)).append('\'');
                    } else if (value instanceof String text) {
                        sb.append('\'').append(text).append('\'');
                    } else {
                        sb.append(value);
                    }
                }
                rows.add(sb.toString());
            }
            return rows;
        }
    }

    static List<Path> writeTrickyMigrations(Path folder) {
        List<Path> files = new ArrayList<>();
        files.add(Sqlite.write(folder, "V1__quoted_names.sql", """
                -- Semicolons in quoted identifiers, strings and comments; none of them ends a statement.
                CREATE TABLE "odd;names" (
                  id    INTEGER PRIMARY KEY,
                  "a;b" TEXT NOT NULL DEFAULT 'x;y',
                  [x;y] INTEGER,
                  `z;`  TEXT -- trailing comment; with a semicolon
                );
                /* block comment; with ; semicolons; and a 'quote */
                INSERT INTO "odd;names" ("a;b", [x;y], `z;`) VALUES ('semi;colon', 1, 'it''s; quoted'),
                  ('BEGIN; END;', 2, 'CASE x; END');
                INSERT INTO "odd;names" ([x;y], `z;`) VALUES (3, '/* not; a comment */');
                CREATE TABLE customers (
                  id    INTEGER PRIMARY KEY,
                  name  TEXT NOT NULL,
                  tier  TEXT NOT NULL DEFAULT 'basic',
                  email TEXT
                );
                CREATE TABLE orders (
                  id           INTEGER PRIMARY KEY,
                  customer_id  INTEGER NOT NULL REFERENCES customers (id),
                  amount_cents INTEGER NOT NULL,
                  status       TEXT NOT NULL DEFAULT 'open'
                ) ;
                PRAGMA user_version = 1;
                """));
        files.add(Sqlite.write(folder, "V2__cte_data.sql", """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
                INSERT INTO customers (id, name, email)
                SELECT i, 'Customer ' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'c' || i || '@example.com' END FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
                INSERT INTO orders (customer_id, amount_cents) SELECT 1 + i % 50, (i * 37) % 9000 + 100 FROM n;
                PRAGMA user_version = 2;
                """));
        files.add(Sqlite.write(folder, "V3__triggers.sql", """
                CREATE TABLE order_log (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, note TEXT NOT NULL);
                CREATE TRIGGER orders_status AFTER UPDATE OF status ON orders
                BEGIN
                  INSERT INTO order_log (order_id, note) VALUES (new.id,
                    CASE new.status WHEN 'paid' THEN 'paid; thanks' WHEN 'void' THEN 'voided'
                                    ELSE 'changed; to ' || new.status END);
                  UPDATE customers SET tier = CASE
                      WHEN (SELECT sum(amount_cents) FROM orders
                            WHERE customer_id = new.customer_id AND status = 'paid') > 10000 THEN 'gold'
                      ELSE tier
                    END
                  WHERE id = new.customer_id;
                END;
                CREATE TRIGGER order_log_guard BEFORE INSERT ON order_log
                WHEN new.note = 'END;'
                BEGIN
                  SELECT RAISE(ABORT, 'a note may not be END; (or BEGIN;)');
                END;
                UPDATE orders SET status = 'paid' WHERE id % 3 = 0;
                UPDATE orders SET status = 'void' WHERE id % 7 = 0 AND status <> 'paid';
                PRAGMA user_version = 3;
                """));
        files.add(Sqlite.write(folder, "V4__fts.sql", """
                CREATE VIRTUAL TABLE customer_search USING fts5(name, email, content='customers', content_rowid='id');
                INSERT INTO customer_search (customer_search) VALUES ('rebuild');
                CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
                  INSERT INTO customer_search (rowid, name, email) VALUES (new.id, new.name, new.email);
                END;
                CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
                  INSERT INTO customer_search (customer_search, rowid, name, email)
                  VALUES ('delete', old.id, old.name, old.email);
                END;
                CREATE TRIGGER customers_au AFTER UPDATE ON customers BEGIN
                  INSERT INTO customer_search (customer_search, rowid, name, email)
                  VALUES ('delete', old.id, old.name, old.email);
                  INSERT INTO customer_search (rowid, name, email) VALUES (new.id, new.name, new.email);
                END;
                INSERT INTO customers (id, name, email) VALUES (51, 'Zed Semicolon', 'zed;@example.com'),
                  (52, 'Short Lived', NULL);
                UPDATE customers SET name = 'Renamed; One' WHERE id = 1;
                DELETE FROM customers WHERE id = 52;
                PRAGMA user_version = 4;
                """));
        files.add(Sqlite.write(folder, "V5__products_rebuild_and_generated.sql", """
                CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT, price INTEGER);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
                INSERT INTO products (sku, price) SELECT printf('SKU-%03d', i), 200 + (i % 2) * 20 FROM n;
                -- The rebuild SQLite documents for changes ALTER TABLE cannot make.
                CREATE TABLE products_new (
                  id          INTEGER PRIMARY KEY,
                  sku         TEXT NOT NULL,
                  price_cents INTEGER NOT NULL CHECK (price_cents > 0)
                );
                INSERT INTO products_new (id, sku, price_cents) SELECT id, sku, price FROM products;
                DROP TABLE products;
                ALTER TABLE products_new RENAME TO products;
                CREATE UNIQUE INDEX products_sku ON products (sku);
                CREATE TABLE invoices (
                  id          INTEGER PRIMARY KEY,
                  net_cents   INTEGER NOT NULL,
                  vat_rate    REAL NOT NULL DEFAULT 0.2,
                  gross_cents INTEGER GENERATED ALWAYS AS (CAST(round(net_cents * (1 + vat_rate)) AS INTEGER)) STORED,
                  label       TEXT AS ('inv;' || id) VIRTUAL
                );
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
                INSERT INTO invoices (net_cents) SELECT i * 100 FROM n;
                PRAGMA user_version = 5;
                """));
        files.add(Sqlite.write(folder, "V6__views_and_partial_indexes.sql", """
                CREATE VIEW customer_totals AS
                  SELECT c.id, c.name, count(o.id) AS orders, coalesce(sum(o.amount_cents), 0) AS cents
                  FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
                  GROUP BY c.id;
                CREATE VIEW "paid;orders" AS SELECT * FROM orders WHERE status = 'paid';
                CREATE INDEX orders_open ON orders (customer_id) WHERE status = 'open';
                CREATE UNIQUE INDEX customers_email ON customers (email) WHERE email IS NOT NULL;
                PRAGMA user_version = 6""" + "\n;\n"));
        return files;
    }
}
