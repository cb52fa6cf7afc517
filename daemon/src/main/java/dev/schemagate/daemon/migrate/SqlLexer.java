package dev.schemagate.daemon.migrate;

/**
 * Cuts SQL text into the coarse tokens that SQLite's {@code complete.c} tells apart.
 *
 * <p>It only needs to know where strings, quoted identifiers, comments and words begin and end,
 * so that a {@code ;} inside any of them is never taken for a statement end. It is not a full SQL
 * tokenizer: operators are single characters and numbers are lumped in with words, exactly as in
 * {@code complete.c}, because neither can hide a semicolon.
 */
final class SqlLexer {

    enum Kind {
        SPACE,
        LINE_COMMENT,
        BLOCK_COMMENT,
        SEMI,
        WORD,
        QUOTED,
        OTHER
    }

    record Token(Kind kind, int start, int end) {
        boolean significant() {
            return kind != Kind.SPACE && kind != Kind.LINE_COMMENT && kind != Kind.BLOCK_COMMENT;
        }
    }

    private final String s;
    private int pos;

    SqlLexer(String s) {
        this.s = s;
        // A UTF-8 BOM is not SQL; complete.c would treat it as part of a word and SQLite would reject it.
        this.pos = s.startsWith("\uFEFF") ? 1 : 0;
    }

    /** Returns the next token, or null at the end; throws if a string/identifier/comment never closes. */
    Token next() {
        if (pos >= s.length()) {
            return null;
        }
        int start = pos;
        char c = s.charAt(pos);
        Kind kind;
        if (c == ';') {
            pos++;
            kind = Kind.SEMI;
        } else if (isSpace(c)) {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
                pos++;
            }
            kind = Kind.SPACE;
        } else if (c == '-' && at(pos + 1) == '-') {
            // Ends at '\n' like SQLite's tokenizer; an unterminated one at end of file is fine (unlike
            // complete.c, which reports it as incomplete because a shell would wait for more input).
            int nl = s.indexOf('\n', pos);
            pos = nl < 0 ? s.length() : nl;
            kind = Kind.LINE_COMMENT;
        } else if (c == '/' && at(pos + 1) == '*') {
            int close = s.indexOf("*/", pos + 2);
            if (close < 0) {
                throw unterminated("block comment (/* ... */)", start);
            }
            pos = close + 2;
            kind = Kind.BLOCK_COMMENT;
        } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
            pos = quotedEnd(c, start);
            kind = Kind.QUOTED;
        } else if (isIdChar(c)) {
            while (pos < s.length() && isIdChar(s.charAt(pos))) {
                pos++;
            }
            kind = Kind.WORD;
        } else {
            pos++;
            kind = Kind.OTHER;
        }
        return new Token(kind, start, pos);
    }

    /** End (exclusive) of a quoted token; a doubled closing quote is an escape, except for [...]. */
    private int quotedEnd(char open, int start) {
        char close = open == '[' ? ']' : open;
        int i = start + 1;
        while (true) {
            int j = s.indexOf(close, i);
            if (j < 0) {
                throw unterminated(describeQuote(open), start);
            }
            if (open != '[' && at(j + 1) == close) {
                i = j + 2; // '' or "" or `` : an escaped quote, keep going
                continue;
            }
            return j + 1;
        }
    }

    private static String describeQuote(char open) {
        return switch (open) {
            case '\'' -> "string literal ('...')";
            case '"' -> "quoted identifier (\"...\")";
            case '`' -> "quoted identifier (`...`)";
            default -> "quoted identifier ([...])";
        };
    }

    private IllegalArgumentException unterminated(String what, int start) {
        return new IllegalArgumentException("unterminated " + what + " starting at line " + lineAt(s, start));
    }

    private char at(int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    /** 1-based line of offset i; only '\n' breaks lines, so "\r\n" counts once. */
    static int lineAt(String s, int i) {
        int line = 1;
        for (int k = 0; k < i; k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        return line;
    }

    // complete.c's whitespace plus '\v', which SQLite's real tokenizer also skips.
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    // SQLite's IdChar(): ASCII letters, digits, '_', '$' and every non-ASCII character.
    static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '$'
                || c >= 0x80;
    }

    /** ASCII-only case-insensitive compare, like sqlite3StrNICmp (String.equalsIgnoreCase maps 'ı' to 'I'). */
    static boolean wordIs(String s, Token t, String lowerKeyword) {
        if (t.end() - t.start() != lowerKeyword.length()) {
            return false;
        }
        for (int k = 0; k < lowerKeyword.length(); k++) {
            char c = s.charAt(t.start() + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerKeyword.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** ASCII-only upper case; keywords are ASCII, and Unicode case mapping would turn "begın" into BEGIN. */
    static String asciiUpper(String w) {
        StringBuilder b = new StringBuilder(w.length());
        for (char c : w.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
        }
        return b.toString();
    }

    /** ASCII-only lower case, see {@link #asciiUpper}. */
    static String asciiLower(String w) {
        StringBuilder b = new StringBuilder(w.length());
        for (char c : w.toCharArray()) {
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }
}
