package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionSafetyTest {

    private static Optional<String> why(String sql) {
        return TransactionSafety.whyNotInTransaction(new SqlStatement(sql, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VACUUM", "vacuum main", "VACUUM INTO '/tmp/copy.db'", "/* c */ -- x\n Vacuum"})
    void vacuumInAnyFormIsRefused(String sql) {
        assertThat(why(sql))
                .hasValueSatisfying(r -> assertThat(r).startsWith("VACUUM cannot run inside a transaction"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "BEGIN",
                "begin immediate",
                "BEGIN TRANSACTION",
                "COMMIT",
                "END",
                "end transaction",
                "ROLLBACK",
                "ROLLBACK TO sp1",
                "SAVEPOINT sp1",
                "RELEASE sp1",
                "RELEASE SAVEPOINT sp1"
            })
    void transactionControlIsRefusedWithAdviceToRemoveIt(String sql) {
        String keyword = SqlLexer.asciiUpper(sql.split(" ")[0]);
        assertThat(why(sql))
                .hasValue(keyword + " controls transactions, but schemagate already runs every migration"
                        + " inside its own transaction (BEGIN IMMEDIATE ... COMMIT) and rolls the whole batch back on error;"
                        + " remove this statement from the migration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ATTACH DATABASE 'x.db' AS x", "attach 'x.db' as x", "DETACH x", "DETACH DATABASE x"})
    void attachAndDetachAreRefused(String sql) {
        assertThat(why(sql)).hasValueSatisfying(r -> assertThat(r).contains("does not belong in a migration"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "PRAGMA journal_mode = WAL",
                "pragma JOURNAL_MODE=delete",
                "PRAGMA main.journal_mode = WAL",
                "PRAGMA \"main\" . \"journal_mode\" = WAL",
                "PRAGMA journal_mode(WAL)",
                "PRAGMA [journal_mode]=wal"
            })
    void settingJournalModeIsRefused(String sql) {
        assertThat(why(sql)).hasValueSatisfying(r -> assertThat(r).startsWith("PRAGMA journal_mode cannot be changed"));
    }

    @Test
    void settingForeignKeysPageSizeAndAutoVacuumIsRefused() {
        assertThat(why("PRAGMA foreign_keys = ON"))
                .hasValueSatisfying(r -> assertThat(r).contains("silently ignored"));
        assertThat(why("PRAGMA main.foreign_keys=off"))
                .hasValueSatisfying(r -> assertThat(r).contains("silently ignored"));
        assertThat(why("PRAGMA page_size = 8192"))
                .hasValueSatisfying(r -> assertThat(r).startsWith("PRAGMA page_size only takes effect"));
        assertThat(why("PRAGMA auto_vacuum = FULL"))
                .hasValueSatisfying(r -> assertThat(r).startsWith("PRAGMA auto_vacuum only takes effect"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CREATE TABLE vacuum_log(id INTEGER PRIMARY KEY)",
                "INSERT INTO t VALUES('BEGIN')",
                "INSERT INTO t VALUES('VACUUM')",
                "UPDATE t SET x = CASE WHEN a THEN 1 ELSE 2 END",
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END",
                "CREATE TABLE \"begin\"(\"end\" INT)",
                "\"VACUUM\"",
                "PRAGMA journal_mode", // reading is harmless
                "PRAGMA foreign_keys",
                "PRAGMA foreign_key_check",
                "PRAGMA user_version = 3",
                "PRAGMA journal_mode_x = 1",
                "EXPLAIN VACUUM", // EXPLAIN shows the program, it does not run it
                "SELECT 'COMMIT'",
                "-- BEGIN\nCREATE TABLE a(x)",
                "WITH begin_x AS (SELECT 1) SELECT * FROM begin_x",
                "",
            })
    void ordinaryStatementsPass(String sql) {
        assertThat(why(sql)).isEmpty();
    }

    @Test
    void splitScriptOnlyFlagsRealStatementStarts() {
        String script = "CREATE TABLE a(x);\n"
                + "CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO a VALUES('END'); END;\n"
                + "-- leading comment\nVACUUM;\n"
                + "INSERT INTO a VALUES('COMMIT');\n"
                + "COMMIT;";
        List<Integer> refusedLines = SqlScriptSplitter.split(script).stream()
                .filter(s -> TransactionSafety.whyNotInTransaction(s).isPresent())
                .map(SqlStatement::line)
                .toList();
        assertThat(refusedLines).containsExactly(4, 6);
    }

    /** The reasons claim "fails" or "silently does nothing" inside a transaction; check that on real SQLite. */
    @Test
    void refusedStatementsReallyFailOrDoNothingInsideBeginImmediate(@TempDir Path dir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE a(x)");
            st.execute("ATTACH ':memory:' AS other");
            st.execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> st.execute("VACUUM"))
                    .hasMessageContaining("cannot VACUUM from within a transaction");
            assertThatThrownBy(() -> st.execute("PRAGMA journal_mode = WAL"))
                    .hasMessageContaining("within a transaction");
            assertThatThrownBy(() -> st.execute("DETACH other")).hasMessageContaining("is locked");
            st.execute("PRAGMA foreign_keys = ON");
            st.execute("PRAGMA page_size = 8192");
            st.execute("PRAGMA auto_vacuum = FULL");
            st.execute("COMMIT");
            assertThat(List.of(pragma(st, "foreign_keys"), pragma(st, "page_size"), pragma(st, "auto_vacuum")))
                    .containsExactly("0", "4096", "0");
        }
    }

    private static String pragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
