package dev.schemagate.protocol;

import java.util.Locale;

/**
 * Writes and reads field values: bare when safe, otherwise in double quotes with backslash escapes (see
 * {@link MessageCodec} for the rules). Kept apart from the line grammar so each stays small.
 */
final class ValueQuoting {
    private static final char[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    private ValueQuoting() {}

    /**
     * Cuts free text so that its encoded form (quotes and escapes included) fits in {@code
     * maxEncodedBytes}, ending a cut value with {@code ...}; senders use it on texts they do not
     * control (SQLite messages, lock holders) so that a long text shortens the line instead of
     * making {@link #encode} throw. Meant for budgets of at least 5 bytes.
     */
    static String clip(String value, int maxEncodedBytes) {
        // A prefix plus "..." needs quotes (2 bytes) once it holds a character that is not bare-safe (a
        // leading '"' included), and so does every longer prefix: cost and quoting only grow along the
        // value, so the last prefix that fits is the one to keep.
        boolean quoted = false;
        int cost = 0;
        int keep = 0;
        for (int i = 0; i < value.length(); i++) {
            if (cost + 3 + (quoted ? 2 : 0) <= maxEncodedBytes) {
                keep = i; // value[0, i) + "..." fits
            }
            char c = value.charAt(i);
            int n;
            if (isPairAt(value, i, value.length())) {
                n = 4;
            } else if (Character.isSurrogate(c)) {
                n = 3; // sent as U+FFFD
            } else {
                n = quotedLength(c);
                quoted |= !isBare(c);
            }
            cost += n;
            if (cost > maxEncodedBytes) {
                return value.substring(0, keep) + "...";
            }
            if (n == 4) {
                i++;
            }
        }
        if (cost + (quoted || value.isEmpty() ? 2 : 0) <= maxEncodedBytes) {
            return value;
        }
        return value.substring(0, keep) + "...";
    }

    /**
     * Appends {@code value} bare if it can be, else in double quotes with backslash escapes; a lone
     * surrogate, which UTF-8 cannot carry, becomes U+FFFD.
     */
    static void escape(StringBuilder sb, String value) {
        if (!needsQuotes(value)) {
            int start = sb.length();
            sb.append(value);
            for (int i = start; i < sb.length(); i++) {
                char c = sb.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < sb.length() && Character.isLowSurrogate(sb.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    sb.setCharAt(i, '\uFFFD');
                }
            }
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (isPairAt(value, i, value.length())) {
                    sb.append(c).append(value.charAt(++i));
                } else {
                    sb.append('\uFFFD');
                }
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append('\\').append('n');
            } else if (c == '\r') {
                sb.append('\\').append('r');
            } else if (c == '\t') {
                sb.append('\\').append('t');
            } else if (isControl(c)) {
                sb.append('\\')
                        .append('u')
                        .append('0')
                        .append('0')
                        .append(HEX[c >> 4])
                        .append(HEX[c & 0xF]);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Whether a value must be written in quotes: empty, or holding a char that is not bare-safe. */
    static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isBare(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Characters a bare value may hold (a lone surrogate counts as its U+FFFD replacement). A bare
     * value may hold '=' (its key ends at the first one) but no '"' at all, so one starting with '"' is
     * quoted too.
     */
    static boolean isBare(char c) {
        return c != ' ' && c != '"' && c != '\\' && !isControl(c);
    }

    /** C0 controls, DEL and C1 controls: never raw on the wire. */
    static boolean isControl(char c) {
        return c < ' ' || (c >= 0x7F && c <= 0x9F);
    }

    /** Encoded bytes of one BMP non-surrogate char inside quotes; for a bare-safe char, also its bare length. */
    static int quotedLength(char c) {
        if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
            return 2;
        }
        if (isControl(c)) {
            return 6;
        }
        return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }

    /** A bare value: everything up to the next space, checked; may be empty ({@code key=}). */
    static String bare(String s, int from, int to, String key) throws ProtocolException {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "value of " + key + " has a '\"' at column " + (i + 1)
                                + "; put the whole value in double quotes and write a quote inside it as \\\"");
            } else if (c == '\\') {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "value of " + key + " has a '\\' at column " + (i + 1)
                                + "; backslash escapes work only inside a double-quoted value");
            } else if (isControl(c) || (Character.isSurrogate(c) && !isPairAt(s, i, to))) {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "value of " + key + " has a raw " + describeChar(c) + " at column " + (i + 1)
                                + "; quote the value and escape it (\\n, \\r, \\t, \\u00XX)");
            } else if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return s.substring(from, to);
    }

    /** The index of the quote closing the one at {@code open}; checks raw characters on the way. */
    static int closingQuote(String s, int open, int to, String key) throws ProtocolException {
        for (int i = open + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i;
            } else if (c == '\\' && i + 1 < to && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                i++; // an escaped quote does not close, and an escaped backslash does not escape the next char
            } else if (isControl(c) || (Character.isSurrogate(c) && !isPairAt(s, i, to))) {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "value of " + key + " has a raw " + describeChar(c) + " at column " + (i + 1)
                                + "; escape it (\\n, \\r, \\t, \\u00XX)");
            } else if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        throw new ProtocolException(
                ErrorCodes.BAD_MESSAGE,
                "value of " + key + " has an unterminated quote (opened at column " + (open + 1)
                        + "); end it with '\"'");
    }

    /** The text between the quotes at {@code from - 1} and {@code to}, escapes resolved. */
    static String unquote(String s, int from, int to, String key) throws ProtocolException {
        int slash = s.indexOf('\\', from);
        if (slash < 0 || slash >= to) {
            return s.substring(from, to);
        }
        StringBuilder sb = new StringBuilder(to - from);
        sb.append(s, from, slash);
        for (int i = slash; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            // closingQuote guarantees a character after each backslash before the closing quote.
            char e = s.charAt(++i);
            if (e == '"' || e == '\\') {
                sb.append(e);
            } else if (e == 'n') {
                sb.append('\n');
            } else if (e == 'r') {
                sb.append('\r');
            } else if (e == 't') {
                sb.append('\t');
            } else if (e == 'u') {
                int cp = i + 4 < to ? hex4(s, i + 1) : -1;
                if (cp < 0) {
                    throw new ProtocolException(
                            ErrorCodes.BAD_MESSAGE,
                            "bad escape in value of " + key + " at column " + i
                                    + ": \\u must be followed by four hex digits");
                }
                if (Character.isSurrogate((char) cp)) {
                    throw new ProtocolException(
                            ErrorCodes.BAD_MESSAGE,
                            "bad escape in value of " + key + " at column " + i + ": \\u" + s.substring(i + 1, i + 5)
                                    + " is a surrogate, not a character");
                }
                sb.append((char) cp);
                i += 4;
            } else {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "unknown escape '\\" + e + "' in value of " + key + " at column " + i
                                + "; use \\\" \\\\ \\n \\r \\t or \\u00XX");
            }
        }
        return sb.toString();
    }

    /** Four ASCII hex digits (either case) at {@code s[from, from + 4)} as a number, or -1. */
    static int hex4(String s, int from) {
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                v = v << 4 | (c - '0');
            } else if (c >= 'A' && c <= 'F') {
                v = v << 4 | (c - 'A' + 10);
            } else if (c >= 'a' && c <= 'f') {
                v = v << 4 | (c - 'a' + 10);
            } else {
                return -1;
            }
        }
        return v;
    }

    static boolean isPairAt(String s, int i, int to) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1));
    }

    static String describeChar(char c) {
        if (c >= ' ' && !isControl(c) && !Character.isSurrogate(c)) {
            return "'" + c + "'";
        }
        String hex = Integer.toHexString(c | 0x10000).substring(1).toUpperCase(Locale.ROOT);
        return (Character.isSurrogate(c) ? "unpaired surrogate U+" : "control character U+") + hex;
    }
}
