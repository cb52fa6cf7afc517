package dev.schemagate.protocol;

import java.util.Arrays;
import java.util.Locale;

/**
 * Turns {@link Message}s into wire lines and back, enforcing the grammar in {@code PROTOCOL.md}.
 *
 * <p>A line is {@code TYPE} then zero or more {@code " key=value"}. A value is written bare when
 * it is non-empty, does not start with {@code "}, and holds no space, {@code "}, backslash or
 * control character (C0, DEL, C1); otherwise it is written in double quotes, logfmt style, with
 * backslash escapes for {@code "}, backslash, LF ({@code \n}), CR ({@code \r}), tab
 * ({@code \t}) and, for the other control characters, <code>&#92;u00XX</code> (upper-case hex).
 * The encoder's output is canonical so that golden files compare byte for byte; the decoder also
 * accepts lower-case hex, a <code>&#92;u</code> escape of any non-surrogate BMP character, and
 * {@code key=} as an empty value, since people type these lines by hand.
 */
public final class MessageCodec {

    /** The most bytes a line may have, counting its {@code \n}; part of the contract. */
    public static final int MAX_LINE_BYTES = 4096;

    private static final String[] NO_FIELDS = new String[0];
    private static final String[] REQ_V = {Fields.V};
    private static final String[] REQ_WELCOME = {Fields.V, Fields.DAEMON};
    private static final String[] REQ_STATE = {Fields.STATE};
    private static final String[] REQ_READY = {Fields.VERSION};
    private static final String[] REQ_CODE_MESSAGE = {Fields.CODE, Fields.MESSAGE};
    private static final String[] REQ_WAITING = {Fields.REASON};

    private MessageCodec() {}

    /**
     * The wire form of a message, ending in {@code \n}, ready to be written as UTF-8.
     *
     * @throws IllegalArgumentException if the type is not a version 1 type, a required field is
     *     missing, or the line would exceed {@link #MAX_LINE_BYTES}: all sender bugs
     */
    public static String encode(Message m) {
        String[] required = requiredFields(m.type());
        if (required == null) {
            throw new IllegalArgumentException("unknown message type " + m.type());
        }
        for (String key : required) {
            if (!m.has(key)) {
                throw new IllegalArgumentException(m.type() + " lacks required field " + key);
            }
        }
        StringBuilder sb = new StringBuilder(64);
        appendLine(sb, m);
        sb.append('\n');
        String line = sb.toString();
        int bytes = utf8Length(line, 0, line.length());
        if (bytes > MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    m.type() + " line is " + bytes + " bytes, over the " + MAX_LINE_BYTES + "-byte limit");
        }
        return line;
    }

    /**
     * Parses one line, with or without its {@code \n} or {@code \r\n}.
     *
     * @throws ProtocolException LINE_TOO_LONG over {@link #MAX_LINE_BYTES}; BAD_MESSAGE for an
     *     empty line, a type that is not a known upper-case word, a field without {@code =}, a bad
     *     key, a duplicate key, a raw control character, a {@code "} or {@code \} in a bare value, an
     *     unterminated quote, an unknown escape, anything but a space right after a closing quote, or a
     *     missing required field
     */
    public static Message decode(String line) throws ProtocolException {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        if (end * 3 >= MAX_LINE_BYTES && utf8Length(line, 0, end) + 1 > MAX_LINE_BYTES) {
            throw new ProtocolException(
                    ErrorCodes.LINE_TOO_LONG, "line exceeds " + MAX_LINE_BYTES + " bytes including its newline");
        }
        if (end == 0) {
            throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "empty line; expected a message such as HELLO v=1");
        }
        int sp = line.indexOf(' ');
        int typeEnd = sp < 0 || sp > end ? end : sp;
        String type = line.substring(0, typeEnd);
        String[] required = requiredFields(type);
        if (required == null) {
            throw new ProtocolException(ErrorCodes.BAD_MESSAGE, describeBadType(type));
        }
        // Every field is preceded by a space, so the spaces bound the field count (quoted values may
        // hold more spaces; the arrays are trimmed below).
        int max = 0;
        for (int i = typeEnd; i < end; i++) {
            if (line.charAt(i) == ' ') {
                max++;
            }
        }
        String[] keys = max == 0 ? NO_FIELDS : new String[max];
        String[] values = max == 0 ? NO_FIELDS : new String[max];
        int count = 0;
        int pos = typeEnd;
        while (pos < end) {
            // Here line[pos] is a space: the type and every value end at a space or at the end.
            pos++;
            if (pos == end || line.charAt(pos) == ' ') {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "empty field at column " + (pos + 1) + "; separate fields by exactly one space");
            }
            int next = line.indexOf(' ', pos);
            int tokenEnd = next < 0 || next > end ? end : next;
            int eq = line.indexOf('=', pos);
            if (eq < 0 || eq >= tokenEnd) {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE, "field without '=': '" + line.substring(pos, tokenEnd) + "'");
            }
            if (!isKeyWord(line, pos, eq)) {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "bad field key '" + line.substring(pos, eq) + "'; keys match [a-z][a-z0-9_]*");
            }
            String key = line.substring(pos, eq);
            for (int k = 0; k < count; k++) {
                if (keys[k].equals(key)) {
                    throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "duplicate field " + key + " in " + type);
                }
            }
            keys[count] = key;
            if (eq + 1 < end && line.charAt(eq + 1) == '"') {
                pos = ValueQuoting.closingQuote(line, eq + 1, end, key);
                values[count] = ValueQuoting.unquote(line, eq + 2, pos, key);
                pos++;
                if (pos < end && line.charAt(pos) != ' ') {
                    throw new ProtocolException(
                            ErrorCodes.BAD_MESSAGE,
                            "value of " + key + " has " + ValueQuoting.describeChar(line.charAt(pos))
                                    + " right after its closing quote at column " + (pos + 1)
                                    + "; a space must follow");
                }
            } else {
                values[count] = ValueQuoting.bare(line, eq + 1, tokenEnd, key);
                pos = tokenEnd;
            }
            count++;
        }
        if (count < max) {
            keys = Arrays.copyOf(keys, count);
            values = Arrays.copyOf(values, count);
        }
        Message m = new Message(type, keys, values);
        for (String key : required) {
            m.require(key);
        }
        return m;
    }

    /** The line without newline and without validation; used by {@link Message#toString()}. */
    static String format(Message m) {
        StringBuilder sb = new StringBuilder(64);
        appendLine(sb, m);
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, Message m) {
        sb.append(m.type());
        for (int i = 0; i < m.size(); i++) {
            sb.append(' ').append(m.key(i)).append('=');
            ValueQuoting.escape(sb, m.value(i));
        }
    }

    /**
     * Cuts free text so that its encoded form (quotes and escapes included) fits in {@code
     * maxEncodedBytes}, ending a cut value with {@code ...}; senders use it on texts they do not
     * control (SQLite messages, lock holders) so that a long text shortens the line instead of
     * making {@link #encode} throw. Meant for budgets of at least 5 bytes.
     */
    public static String clip(String value, int maxEncodedBytes) {
        return ValueQuoting.clip(value, maxEncodedBytes);
    }

    private static String describeBadType(String type) {
        if (type.isEmpty()) {
            return "line starts with a space; expected a message type such as HELLO";
        }
        String upper = type.toUpperCase(Locale.ROOT);
        if (!upper.equals(type) && requiredFields(upper) != null) {
            return "message type must be upper case: '" + type + "'; write " + upper;
        }
        return "unknown message type '" + type + "'";
    }

    /** The required keys of a version 1 type, or null for an unknown type. */
    private static String[] requiredFields(String type) {
        switch (type) {
            case MessageTypes.HELLO:
                return REQ_V;
            case MessageTypes.WELCOME:
                return REQ_WELCOME;
            case MessageTypes.STATE:
                return REQ_STATE;
            case MessageTypes.READY:
                return REQ_READY;
            case MessageTypes.FAILED:
            case MessageTypes.ERROR:
                return REQ_CODE_MESSAGE;
            case MessageTypes.WAITING:
                return REQ_WAITING;
            case MessageTypes.PING:
            case MessageTypes.PONG:
                return NO_FIELDS;
            default:
                return null;
        }
    }

    static boolean isTypeWord(String s, int from, int to) {
        if (from >= to || s.charAt(from) < 'A' || s.charAt(from) > 'Z') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean isKeyWord(String s, int from, int to) {
        if (from >= to || s.charAt(from) < 'a' || s.charAt(from) > 'z') {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 length of {@code s[from, to)}, counting each surrogate as 2 so that a pair counts 4. */
    static int utf8Length(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
