package dev.schemagate.daemon.migrate;

/**
 * A line-by-line port of SQLite's {@code sqlite3_complete()} (complete.c, public domain), kept independent of
 * {@link SqlScriptSplitter} so the fuzz tests can hold one against the other.
 *
 * <p>It reads characters as complete.c reads bytes (every character from U+0080 up is an identifier character,
 * as every byte of a UTF-8 sequence is there), with three deliberate differences, each one SQLite's tokenizer
 * agrees with: {@code \v} is white space (complete.c's switch forgets it; the tokenizer skips it), a leading BOM
 * is skipped, and a NUL is an ordinary character rather than the end of a C string.
 */
final class Sqlite3Complete {
    private static final int SEMI = 0, WS = 1, OTHER = 2, EXPLAIN = 3, CREATE = 4, TEMP = 5, TRIGGER = 6, END = 7;

    // complete.c's trans[8][8]: states 0 INVALID, 1 START, 2 NORMAL, 3 EXPLAIN, 4 CREATE, 5 TRIGGER, 6 SEMI, 7 END.
    private static final int[][] TRANS = {
        {1, 0, 2, 3, 4, 2, 2, 2},
        {1, 1, 2, 3, 4, 2, 2, 2},
        {1, 2, 2, 2, 2, 2, 2, 2},
        {1, 3, 3, 2, 4, 2, 2, 2},
        {1, 4, 2, 2, 2, 4, 5, 2},
        {6, 5, 5, 5, 5, 5, 5, 5},
        {6, 6, 5, 5, 5, 5, 5, 7},
        {1, 7, 5, 5, 5, 5, 5, 5},
    };

    private Sqlite3Complete() {}

    /** What one pass over a text found. */
    record Scan(int state, boolean unterminated, java.util.List<Integer> boundaries) {
        /** Only white space and comments so far: complete.c's state 0. */
        boolean blank() {
            return !unterminated && state == 0;
        }
    }

    /** True when the script {@code sql} ends with a complete statement (its last token is a statement-ending ';'). */
    static boolean complete(String sql) {
        Scan scan = scan(sql);
        return !scan.unterminated() && scan.state() == 1;
    }

    /**
     * complete.c's loop, also noting each offset just after a ';' that takes the machine to START: there
     * {@code complete(sql.substring(0, offset))} is true, since a prefix ending at a token lexes as the whole does.
     */
    static Scan scan(String sql) {
        return scan(sql, true);
    }

    /** {@link #scan(String)} of a part of a script: a BOM there is no BOM but an identifier character. */
    static Scan scanPart(String sql) {
        return scan(sql, false);
    }

    private static Scan scan(String sql, boolean wholeScript) {
        java.util.List<Integer> boundaries = new java.util.ArrayList<>();
        int state = 0;
        int i = wholeScript && sql.startsWith("\uFEFF") ? 1 : 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int token;
            switch (c) {
                case ';':
                    token = SEMI;
                    break;
                case ' ', '\r', '\t', '\n', '\f', '\u000B':
                    token = WS;
                    break;
                case '/':
                    if (at(sql, i + 1) != '*') {
                        token = OTHER;
                        break;
                    }
                    i += 2;
                    while (i < n && (sql.charAt(i) != '*' || at(sql, i + 1) != '/')) {
                        i++;
                    }
                    if (i >= n) {
                        return new Scan(state, true, boundaries);
                    }
                    i++;
                    token = WS;
                    break;
                case '-':
                    if (at(sql, i + 1) != '-') {
                        token = OTHER;
                        break;
                    }
                    while (i < n && sql.charAt(i) != '\n') {
                        i++;
                    }
                    if (i >= n) {
                        return new Scan(state, false, boundaries);
                    }
                    token = WS;
                    break;
                case '[':
                    i++;
                    while (i < n && sql.charAt(i) != ']') {
                        i++;
                    }
                    if (i >= n) {
                        return new Scan(state, true, boundaries);
                    }
                    token = OTHER;
                    break;
                case '`', '"', '\'':
                    i++;
                    while (i < n && sql.charAt(i) != c) {
                        i++;
                    }
                    if (i >= n) {
                        return new Scan(state, true, boundaries);
                    }
                    token = OTHER;
                    break;
                default:
                    if (idChar(c)) {
                        int len = 1;
                        while (i + len < n && idChar(sql.charAt(i + len))) {
                            len++;
                        }
                        token = keyword(sql.substring(i, i + len));
                        i += len - 1;
                    } else {
                        token = OTHER;
                    }
            }
            state = TRANS[state][token];
            i++;
            if (token == SEMI && state == 1) {
                boundaries.add(i);
            }
        }
        return new Scan(state, false, boundaries);
    }

    private static int keyword(String word) {
        StringBuilder lower = new StringBuilder(word.length());
        for (char c : word.toCharArray()) {
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c); // sqlite3StrNICmp folds ASCII only
        }
        switch (lower.toString()) {
            case "create":
                return CREATE;
            case "trigger":
                return TRIGGER;
            case "temp", "temporary":
                return TEMP;
            case "end":
                return END;
            case "explain":
                return EXPLAIN;
            default:
                return OTHER;
        }
    }

    private static boolean idChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '$'
                || c >= 0x80;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }
}
