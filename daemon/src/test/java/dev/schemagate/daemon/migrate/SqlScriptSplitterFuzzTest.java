package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The splitter against an independent port of {@code sqlite3_complete} ({@link Sqlite3Complete}) on any text: the
 * statements it returns, with the blank text (white space, comments) and the statement-ending semicolons between
 * them, are the script; no statement is lost; every boundary is one sqlite3_complete agrees with; and it refuses
 * exactly the scripts that sqlite3_complete cannot finish. Committed inputs:
 * {@code src/test/resources/dev/schemagate/daemon/migrate/SqlScriptSplitterFuzzTestInputs/splitsLikeSqlite3Complete}.
 */
class SqlScriptSplitterFuzzTest {

    @FuzzTest
    void splitsLikeSqlite3Complete(byte[] input) {
        String script = new String(input, StandardCharsets.UTF_8);
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(script);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).startsWith("unterminated ").contains(" at line ");
            assertThat(Sqlite3Complete.complete(script + "\n;"))
                    .as("refused, yet sqlite3_complete can finish it: %s", refused.getMessage())
                    .isFalse();
            return;
        }
        assertThat(Sqlite3Complete.complete(script + "\n;"))
                .as("accepted, yet sqlite3_complete cannot finish it")
                .isTrue();

        Sqlite3Complete.Scan scan = Sqlite3Complete.scan(script);
        List<int[]> chunks = new ArrayList<>(); // [start, end) between statement-ending semicolons
        int start = 0;
        for (int boundary : scan.boundaries()) {
            chunks.add(new int[] {start, boundary - 1});
            start = boundary;
        }
        chunks.add(new int[] {start, script.length()});
        if (scan.boundaries().size() <= 20) {
            for (int boundary : scan.boundaries()) {
                assertThat(Sqlite3Complete.complete(script.substring(0, boundary)))
                        .isTrue();
            }
        }

        int next = 0;
        for (int[] chunk : chunks) {
            String text = script.substring(chunk[0], chunk[1]);
            if (chunk[0] == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
                chunk = new int[] {1, chunk[1]};
            }
            if (Sqlite3Complete.scanPart(text).blank()) {
                continue;
            }
            assertThat(next)
                    .as("a statement is missing for the text at offset %d", chunk[0])
                    .isLessThan(statements.size());
            SqlStatement s = statements.get(next++);
            int at = placeIn(text, s.sql());
            assertThat(at)
                    .as("statement %d (%s) is not the text between semicolons (%s) minus blanks", next, s.sql(), text)
                    .isGreaterThanOrEqualTo(0);
            assertThat(s.line()).isEqualTo(lineAt(script, chunk[0] + at));
        }
        assertThat(next).as("statements beyond the script's text").isEqualTo(statements.size());
    }

    /** Where {@code sql} sits in {@code text} with only blank text before and after it; -1 if nowhere. */
    private static int placeIn(String text, String sql) {
        if (sql.isEmpty()) {
            return -1;
        }
        for (int at = text.indexOf(sql); at >= 0; at = text.indexOf(sql, at + 1)) {
            if (Sqlite3Complete.scanPart(text.substring(0, at)).blank()
                    && Sqlite3Complete.scanPart(text.substring(at + sql.length()))
                            .blank()) {
                return at;
            }
        }
        return -1;
    }

    private static int lineAt(String s, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
