package dev.schemagate.daemon.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements with their line numbers, using the state machine of
 * SQLite's public-domain {@code complete.c} ({@code sqlite3_complete}).
 *
 * <p>Why: sqlite-jdbc's {@code Statement.execute(script)} runs only the first statement, and running
 * statements one by one is the only way to say which line failed. Why complete.c: it is SQLite's own
 * answer to "where does this statement end", including {@code CREATE TRIGGER ... BEGIN ...; ...; END;}
 * whose body contains semicolons. Its key rule: inside a trigger the statement ends only at
 * {@code ; END ;} (an END directly after a semicolon), so {@code CASE ... END} inside the body, which
 * never follows a semicolon, does not end the trigger.
 */
public final class SqlScriptSplitter {

    private SqlScriptSplitter() {}

    // complete.c's token classes.
    private enum Tk {
        SEMI,
        WS,
        OTHER,
        EXPLAIN,
        CREATE,
        TEMP,
        TRIGGER,
        END
    }

    // complete.c's states. START also covers complete.c's initial NOTHING state: for splitting both
    // mean "between statements".
    private enum State {
        START,
        NORMAL,
        EXPLAIN,
        CREATE,
        TRIGGER,
        SEMI,
        END
    }

    private static final State S = State.START,
            N = State.NORMAL,
            X = State.EXPLAIN,
            C = State.CREATE,
            T = State.TRIGGER,
            M = State.SEMI,
            E = State.END;

    // trans[state][token], copied from complete.c (same row and column order).
    private static final State[][] TRANS = {
        /*              SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
        /* START   */ {S, S, N, X, C, N, N, N},
        /* NORMAL  */ {S, N, N, N, N, N, N, N},
        /* EXPLAIN */ {S, X, X, N, C, N, N, N},
        /* CREATE  */ {S, C, N, N, N, C, T, N},
        /* TRIGGER */ {M, T, T, T, T, T, T, T},
        /* SEMI    */ {M, M, T, T, T, T, T, E},
        /* END     */ {S, E, T, T, T, T, T, T},
    };

    /**
     * Splits {@code script} into its statements, dropping empty ones (only whitespace/comments).
     * A last statement without {@code ;} is returned too.
     *
     * @throws IllegalArgumentException if the script ends inside a string, quoted identifier, block
     *         comment or CREATE TRIGGER body; the message names it and the line where it began
     */
    public static List<SqlStatement> split(String script) {
        List<SqlStatement> out = new ArrayList<>();
        SqlLexer lexer = new SqlLexer(script);
        State state = State.START;
        int stmtStart = -1; // offset of the current statement's first real token, -1 if none yet
        int lastEnd = -1; // end of its last real token, so trailing comments and ';' are cut off
        int stmtLine = 0;
        int line = 1; // line at offset 'counted'; advanced incrementally to stay O(n)
        int counted = 0;
        for (SqlLexer.Token t = lexer.next(); t != null; t = lexer.next()) {
            Tk tk = classify(script, t);
            State next = TRANS[state.ordinal()][tk.ordinal()];
            if (tk == Tk.SEMI && next == State.START) {
                if (stmtStart >= 0) {
                    out.add(new SqlStatement(script.substring(stmtStart, lastEnd), stmtLine));
                }
                stmtStart = -1;
            } else if (tk != Tk.WS) {
                if (stmtStart < 0) {
                    for (; counted < t.start(); counted++) {
                        if (script.charAt(counted) == '\n') {
                            line++;
                        }
                    }
                    stmtStart = t.start();
                    stmtLine = line;
                }
                lastEnd = t.end();
            }
            state = next;
        }
        if (state == State.TRIGGER || state == State.SEMI) {
            throw new IllegalArgumentException("unterminated CREATE TRIGGER statement starting at line " + stmtLine
                    + ": its body must end with END;");
        }
        if (stmtStart >= 0) {
            // No final ';' (state NORMAL, EXPLAIN, CREATE, or END after "...; END"): still a statement.
            out.add(new SqlStatement(script.substring(stmtStart, lastEnd), stmtLine));
        }
        return List.copyOf(out);
    }

    private static Tk classify(String s, SqlLexer.Token t) {
        return switch (t.kind()) {
            case SEMI -> Tk.SEMI;
            case SPACE, LINE_COMMENT, BLOCK_COMMENT -> Tk.WS;
            case QUOTED, OTHER -> Tk.OTHER; // a quoted "end" is an identifier, never the keyword
            case WORD -> keyword(s, t);
        };
    }

    private static Tk keyword(String s, SqlLexer.Token t) {
        if (SqlLexer.wordIs(s, t, "create")) {
            return Tk.CREATE;
        } else if (SqlLexer.wordIs(s, t, "trigger")) {
            return Tk.TRIGGER;
        } else if (SqlLexer.wordIs(s, t, "temp") || SqlLexer.wordIs(s, t, "temporary")) {
            return Tk.TEMP;
        } else if (SqlLexer.wordIs(s, t, "end")) {
            return Tk.END;
        } else if (SqlLexer.wordIs(s, t, "explain")) {
            return Tk.EXPLAIN;
        }
        return Tk.OTHER;
    }
}
