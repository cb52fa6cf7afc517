package dev.schemagate.protocol;

import java.util.Arrays;

/**
 * One protocol message: an upper-case type word and an ordered list of unique {@code key=value}
 * fields, immutable.
 *
 * <p>One generic class serves every message type, instead of a record per type, so an agent that
 * exchanges HELLO, WELCOME, STATE and READY loads one class rather than five; the field names and
 * type words are inlined constants. Build with {@link #of(String)} and {@link #with(String, String)},
 * or with the factories in {@link Messages}.
 */
public final class Message {

    private static final String[] NONE = new String[0];

    private final String type;
    // Parallel arrays keep insertion order, which the encoder preserves byte for byte.
    private final String[] keys;
    private final String[] values;

    Message(String type, String[] keys, String[] values) {
        this.type = type;
        this.keys = keys;
        this.values = values;
    }

    /**
     * A message with no fields yet.
     *
     * @throws IllegalArgumentException if {@code type} is not an upper-case word ({@code [A-Z][A-Z0-9_]*})
     */
    public static Message of(String type) {
        if (!MessageCodec.isTypeWord(type, 0, type.length())) {
            throw new IllegalArgumentException("message type must match [A-Z][A-Z0-9_]*: '" + type + "'");
        }
        return new Message(type, NONE, NONE);
    }

    /**
     * A copy with one more field at the end.
     *
     * @throws IllegalArgumentException if the key is not {@code [a-z][a-z0-9_]*} or is already present,
     *     or the value is null
     */
    public Message with(String key, String value) {
        if (!MessageCodec.isKeyWord(key, 0, key.length())) {
            throw new IllegalArgumentException("field key must match [a-z][a-z0-9_]*: '" + key + "'");
        }
        if (value == null) {
            throw new IllegalArgumentException("field " + key + " has a null value");
        }
        if (indexOf(key) >= 0) {
            throw new IllegalArgumentException("field " + key + " is already set in " + type);
        }
        int n = keys.length;
        String[] k = Arrays.copyOf(keys, n + 1);
        String[] v = Arrays.copyOf(values, n + 1);
        k[n] = key;
        v[n] = value;
        return new Message(type, k, v);
    }

    /** A copy with one more numeric field at the end; see {@link #with(String, String)}. */
    public Message with(String key, long value) {
        return with(key, Long.toString(value));
    }

    /** The type word, such as {@code READY}. */
    public String type() {
        return type;
    }

    /** The number of fields. */
    public int size() {
        return keys.length;
    }

    /** The key of the field at {@code index}, in wire order. */
    public String key(int index) {
        return keys[index];
    }

    /** The decoded value of the field at {@code index}, in wire order. */
    public String value(int index) {
        return values[index];
    }

    /** Whether the field is present. */
    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** The field's decoded value, or null when absent. */
    public String get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    /** The field's decoded value, or {@code fallback} when absent. */
    public String get(String key, String fallback) {
        int i = indexOf(key);
        return i < 0 ? fallback : values[i];
    }

    /**
     * The field's decoded value.
     *
     * @throws ProtocolException BAD_MESSAGE when the field is absent
     */
    public String require(String key) throws ProtocolException {
        int i = indexOf(key);
        if (i < 0) {
            throw new ProtocolException(ErrorCodes.BAD_MESSAGE, type + " lacks required field " + key);
        }
        return values[i];
    }

    /**
     * The field as a decimal integer.
     *
     * @throws ProtocolException BAD_MESSAGE when the field is absent or not a decimal integer
     */
    public long requireLong(String key) throws ProtocolException {
        return parseLong(key, require(key));
    }

    /**
     * The field as a decimal integer, or {@code fallback} when absent.
     *
     * @throws ProtocolException BAD_MESSAGE when the field is present but not a decimal integer
     */
    public long getLong(String key, long fallback) throws ProtocolException {
        int i = indexOf(key);
        return i < 0 ? fallback : parseLong(key, values[i]);
    }

    private long parseLong(String key, String value) throws ProtocolException {
        try {
            return AsciiDigits.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProtocolException(
                    ErrorCodes.BAD_MESSAGE, type + " field " + key + " is not an integer: '" + value + "'");
        }
    }

    private int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Message)) {
            return false;
        }
        Message m = (Message) o;
        return type.equals(m.type) && Arrays.equals(keys, m.keys) && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(keys)) + Arrays.hashCode(values);
    }

    /** The wire form without its newline, for logs. */
    @Override
    public String toString() {
        return MessageCodec.format(this);
    }
}
