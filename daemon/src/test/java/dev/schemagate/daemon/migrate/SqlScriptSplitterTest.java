package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlScriptSplitterTest {

    private static List<SqlStatement> split(String script) {
        return SqlScriptSplitter.split(script);
    }

    @Test
    void splitsSimpleStatementsWithLines() {
        assertThat(split("CREATE TABLE a(x);\nCREATE TABLE b(y);\n\nINSERT INTO a VALUES(1);\n"))
                .containsExactly(
                        new SqlStatement("CREATE TABLE a(x)", 1),
                        new SqlStatement("CREATE TABLE b(y)", 2),
                        new SqlStatement("INSERT INTO a VALUES(1)", 4));
    }

    @Test
    void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() {
        String script = "INSERT INTO t VALUES('a;b', 'it''s; fine');\n"
                + "CREATE TABLE \"we;ird\"([col;1] TEXT, `c;2` INT, \"q\"\";\" INT);\n"
                + "SELECT 1 /* ; */ -- ;\n , 2;\n";
        assertThat(split(script))
                .containsExactly(
                        new SqlStatement("INSERT INTO t VALUES('a;b', 'it''s; fine')", 1),
                        new SqlStatement("CREATE TABLE \"we;ird\"([col;1] TEXT, `c;2` INT, \"q\"\";\" INT)", 2),
                        new SqlStatement("SELECT 1 /* ; */ -- ;\n , 2", 3));
    }

    @Test
    void escapedQuoteAtEndOfStringDoesNotEndIt() {
        assertThat(split("SELECT 'x'''; SELECT ';''';"))
                .containsExactly(new SqlStatement("SELECT 'x'''", 1), new SqlStatement("SELECT ';'''", 1));
    }

    @Test
    void emptyStatementsAndCommentOnlyTextAreDropped() {
        assertThat(split(";;\n  ; -- nothing\n/* nor this */ ;")).isEmpty();
        assertThat(split("")).isEmpty();
        assertThat(split("-- only a comment, no newline")).isEmpty();
        assertThat(split("SELECT 1;;;SELECT 2;"))
                .containsExactly(new SqlStatement("SELECT 1", 1), new SqlStatement("SELECT 2", 1));
    }

    @Test
    void leadingCommentsAreStrippedAndLinePointsAtTheRealStart() {
        String script = "-- V3: add users\n"
                + "/* a block\n   comment */\n"
                + "\n"
                + "CREATE TABLE users(\n  id INTEGER PRIMARY KEY, -- the key\n  name TEXT\n) -- trailing\n;\n"
                + "   -- between\n  INSERT INTO users(name) VALUES('a');";
        assertThat(split(script))
                .containsExactly(
                        new SqlStatement(
                                "CREATE TABLE users(\n  id INTEGER PRIMARY KEY, -- the key\n  name TEXT\n)", 5),
                        new SqlStatement("INSERT INTO users(name) VALUES('a')", 11));
    }

    @Test
    void crlfCountsAsOneLineBreak() {
        String script = "-- header\r\n\r\nCREATE TABLE a(\r\n  x INT\r\n);\r\nCREATE TABLE b(y);\r\n";
        assertThat(split(script))
                .containsExactly(
                        new SqlStatement("CREATE TABLE a(\r\n  x INT\r\n)", 3),
                        new SqlStatement("CREATE TABLE b(y)", 6));
    }

    @Test
    void missingFinalSemicolonStillReturnsTheStatement() {
        assertThat(split("CREATE TABLE a(x);\nCREATE TABLE b(y)\n-- end of file"))
                .containsExactly(new SqlStatement("CREATE TABLE a(x)", 1), new SqlStatement("CREATE TABLE b(y)", 2));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertThat(split("\uFEFFCREATE TABLE a(x);")).containsExactly(new SqlStatement("CREATE TABLE a(x)", 1));
    }

    static final String TRIGGER = "CREATE TRIGGER users_audit AFTER UPDATE ON users\n"
            + "WHEN new.name <> old.name\n"
            + "BEGIN\n"
            + "  INSERT INTO audit(what) VALUES('rename; ' || old.name);\n"
            + "  UPDATE users SET status = CASE WHEN new.name = '' THEN 'blank' ELSE 'named' END\n"
            + "   WHERE id = new.id;\n"
            + "  UPDATE counters SET n = CASE n WHEN 0 THEN 1 ELSE n + 1 END;\n"
            + "  SELECT RAISE(IGNORE) WHERE new.id < 0;\n"
            + "END";

    @Test
    void triggerBodyWithSeveralStatementsAndCaseEndIsOneStatement() {
        String script = "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, status TEXT);\n"
                + TRIGGER + ";\n"
                + "CREATE INDEX users_name ON users(name);\n";
        assertThat(split(script))
                .containsExactly(
                        new SqlStatement("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, status TEXT)", 1),
                        new SqlStatement(TRIGGER, 2),
                        new SqlStatement("CREATE INDEX users_name ON users(name)", 11));
    }

    @Test
    void tempTriggerCommentsBeforeEndAndLowerCase() {
        String script = "create temporary trigger t1 after insert on a begin\n"
                + "  delete from b;\n"
                + "  -- ; END ; inside a comment\n"
                + "  insert into b values(1); /* c */ end ;\n"
                + "CREATE TEMP TRIGGER t2 AFTER INSERT ON a BEGIN SELECT 1; END;\n"
                + "select 2";
        assertThat(split(script))
                .containsExactly(
                        new SqlStatement(
                                "create temporary trigger t1 after insert on a begin\n"
                                        + "  delete from b;\n  -- ; END ; inside a comment\n"
                                        + "  insert into b values(1); /* c */ end",
                                1),
                        new SqlStatement("CREATE TEMP TRIGGER t2 AFTER INSERT ON a BEGIN SELECT 1; END", 5),
                        new SqlStatement("select 2", 6));
    }

    @Test
    void triggerEndingWithoutFinalSemicolonAtEndOfFileIsReturned() {
        assertThat(split("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END"))
                .containsExactly(new SqlStatement("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END", 1));
    }

    @Test
    void tableOrColumnNamedTriggerOrEndIsNotATrigger() {
        assertThat(split("CREATE TABLE trigger_log(\"end\" INT, [trigger] TEXT);\nCREATE TABLE x(\"trigger\");"))
                .containsExactly(
                        new SqlStatement("CREATE TABLE trigger_log(\"end\" INT, [trigger] TEXT)", 1),
                        new SqlStatement("CREATE TABLE x(\"trigger\")", 2));
    }

    @Test
    void transactionControlStatementsSplitNormally() {
        assertThat(split("BEGIN;\nCREATE TABLE a(x);\nEND;\nEXPLAIN QUERY PLAN SELECT 1;\nEXPLAIN SELECT 2"))
                .extracting(SqlStatement::sql)
                .containsExactly(
                        "BEGIN", "CREATE TABLE a(x)", "END", "EXPLAIN QUERY PLAN SELECT 1", "EXPLAIN SELECT 2");
    }

    @Test
    void explainCreateTriggerKeepsItsBodyTogether() {
        assertThat(split("EXPLAIN CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END; SELECT 3;"))
                .extracting(SqlStatement::sql)
                .containsExactly(
                        "EXPLAIN CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END", "SELECT 3");
    }

    @Test
    void cteInsertFts5AndTableRebuild() {
        String script = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)\n"
                + "INSERT INTO nums(i) SELECT i FROM n;\n"
                + "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61');\n"
                + "PRAGMA foreign_key_check;\n"
                + "CREATE TABLE users_new(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT ';');\n"
                + "INSERT INTO users_new(id, name) SELECT id, coalesce(name, ';') FROM users;\n"
                + "DROP TABLE users;\n"
                + "ALTER TABLE users_new RENAME TO users;\n";
        assertThat(split(script))
                .containsExactly(
                        new SqlStatement(
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)\n"
                                        + "INSERT INTO nums(i) SELECT i FROM n",
                                1),
                        new SqlStatement(
                                "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61')", 3),
                        new SqlStatement("PRAGMA foreign_key_check", 4),
                        new SqlStatement(
                                "CREATE TABLE users_new(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT ';')", 5),
                        new SqlStatement(
                                "INSERT INTO users_new(id, name) SELECT id, coalesce(name, ';') FROM users", 6),
                        new SqlStatement("DROP TABLE users", 7),
                        new SqlStatement("ALTER TABLE users_new RENAME TO users", 8));
    }

    @Test
    void unterminatedStringNamesItsStartLine() {
        assertThatThrownBy(() -> split("SELECT 1;\nINSERT INTO t VALUES('it''s;\nnever closed);\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unterminated string literal ('...') starting at line 2");
    }

    @Test
    void unterminatedQuotedIdentifiersNameTheirStartLine() {
        assertThatThrownBy(() -> split("\n\nSELECT \"abc;"))
                .hasMessage("unterminated quoted identifier (\"...\") starting at line 3");
        assertThatThrownBy(() -> split("SELECT [abc;"))
                .hasMessage("unterminated quoted identifier ([...]) starting at line 1");
        assertThatThrownBy(() -> split("SELECT 1;\r\nSELECT `abc;"))
                .hasMessage("unterminated quoted identifier (`...`) starting at line 2");
    }

    @Test
    void unterminatedBlockCommentNamesItsStartLine() {
        assertThatThrownBy(() -> split("SELECT 1;\n\n/* forgot to close;\nSELECT 2;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unterminated block comment (/* ... */) starting at line 3");
    }

    @Test
    void unfinishedTriggerNamesItsStartLine() {
        assertThatThrownBy(() -> split("SELECT 1;\n-- c\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n SELECT 1;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unterminated CREATE TRIGGER statement starting at line 3: its body must end with END;");
        // "END" without a preceding ';' does not close the body (complete.c needs ";END;").
        assertThatThrownBy(() -> split("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1 END;"))
                .hasMessageContaining("unterminated CREATE TRIGGER statement starting at line 1");
    }

    @Test
    void nonAsciiLookalikeOfTriggerIsNotTheKeyword() {
        // "trıgger" (dotless i) upper-cases to TRIGGER in Java; SQLite compares keywords in ASCII only.
        assertThat(split("CREATE trıgger; SELECT 1;"))
                .extracting(SqlStatement::sql)
                .containsExactly("CREATE trıgger", "SELECT 1");
    }

    // ---- Oracle: real SQLite must end up in the same state whether it runs the whole script or our pieces.

    static final String TRICKY = "-- V7: tricky\r\n"
            + "/* block; comment */ CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, status TEXT);\r\n"
            + "CREATE TABLE audit(what TEXT);\n"
            + "CREATE TABLE counters(n INTEGER);\n"
            + "INSERT INTO counters VALUES(0);\n"
            + "CREATE TABLE nums(i INTEGER);\n"
            + "CREATE TABLE \"odd;name\"([col;1] TEXT, `c;2` TEXT, \"q\"\";\" TEXT);\n"
            + TRIGGER + ";\n"
            + "CREATE TRIGGER users_ins AFTER INSERT ON users BEGIN\n"
            + "  INSERT INTO audit VALUES('ins; ' || new.name || ' END;');\n"
            + "  UPDATE counters SET n = CASE n WHEN 0 THEN 1 ELSE n + 1 END;\n"
            + "END;\n"
            + "INSERT INTO users(name) VALUES('it''s; ok'), ('b');\n"
            + "UPDATE users SET name = '' WHERE name = 'b';;\n"
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)\n"
            + "INSERT INTO nums(i) SELECT i FROM n;\n"
            + "INSERT INTO \"odd;name\" VALUES('a;b', '-- not a comment', '/* nor this */');\n"
            + "CREATE VIRTUAL TABLE docs USING fts5(title, body);\n"
            + "INSERT INTO docs VALUES('semi;colon', 'body; END;');\n"
            + "CREATE TABLE users_new(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT ';', status TEXT);\n"
            + "INSERT INTO users_new SELECT id, coalesce(name, ';'), status FROM users;\n"
            + "DROP TABLE users;\n"
            + "ALTER TABLE users_new RENAME TO users;\n"
            + "CREATE INDEX users_name ON users(name);\n"
            // Not a CREATE: SQLite stores a CREATE's text up to the ';' or end of input, trailing comment
            // included, while SqlStatement.sql() ends at the last real token, so sqlite_schema.sql would differ.
            + "INSERT INTO audit VALUES('done') -- no final semicolon\n";

    @Test
    void splitStatementsRunOneByOneGiveTheSameDatabaseAsRealSqliteRunningTheWholeScript(@TempDir Path dir)
            throws SQLException {
        List<SqlStatement> pieces = split(TRICKY);
        assertThat(pieces)
                .extracting(SqlStatement::line)
                .containsExactly(2, 3, 4, 5, 6, 7, 8, 17, 21, 22, 23, 25, 26, 27, 28, 29, 30, 31, 32, 33);

        List<String> bySplit;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("split.db"));
                Statement st = c.createStatement()) {
            for (SqlStatement piece : pieces) {
                st.execute(piece.sql()); // execute() runs only the first statement: each piece must be whole
            }
            bySplit = dump(c);
        }
        List<String> bySqlite;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("whole.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate(TRICKY); // FINDINGS.md: executeUpdate runs every statement
            bySqlite = dump(c);
        }
        assertThat(bySplit).isEqualTo(bySqlite);
        // Guard against both sides being trivially equal (e.g. empty): the script's effects are there.
        assertThat(bySqlite)
                .contains(
                        "index|users_name|users|CREATE INDEX users_name ON users(name)",
                        "row users: [1, it's; ok, null]",
                        "row users: [2, , blank]",
                        "row audit: [ins; it's; ok END;]",
                        "row audit: [ins; b END;]",
                        "row audit: [rename; b]",
                        "row counters: [3]",
                        "row audit: [done]",
                        "row nums: [5]",
                        "row odd;name: [a;b, -- not a comment, /* nor this */]",
                        "row docs: [semi;colon, body; END;]");
    }

    /** Schema rows then every table's rows (sorted), as comparable strings. */
    private static List<String> dump(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
                if (rs.getString(1).equals("table")) {
                    tables.add(rs.getString(2));
                }
            }
        }
        for (String table : tables) {
            List<String> rows = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int k = 1; k <= n; k++) {
                        Object v = rs.getObject(k);
                        row.add(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
                    }
                    rows.add("row " + table + ": " + row);
                }
            }
            rows.sort(null);
            out.addAll(rows);
        }
        return out;
    }
}
