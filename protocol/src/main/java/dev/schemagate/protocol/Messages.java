package dev.schemagate.protocol;

/**
 * Factories for the version 1 messages, fixing each one's field order so that every sender
 * writes the same bytes; optional arguments are omitted when null (text) or negative (numbers).
 */
public final class Messages {

    /** Encoded-byte budget for FAILED and ERROR {@code message}; longer text is clipped. */
    public static final int MAX_MESSAGE_BYTES = 2048;
    /** Encoded-byte budget for {@code action}, {@code file} and {@code holder}; longer text is clipped. */
    public static final int MAX_SHORT_TEXT_BYTES = 512;

    private Messages() {}

    /** {@code HELLO v=1 [app=] [pid=] [requires=]}: the client's first line. */
    public static Message hello(String app, long pid, String requires) {
        Message m = Message.of(MessageTypes.HELLO).with(Fields.V, ProtocolVersion.CURRENT);
        m = optional(m, Fields.APP, app);
        m = pid < 0 ? m : m.with(Fields.PID, pid);
        return optional(m, Fields.REQUIRES, requires);
    }

    /** {@code WELCOME v= daemon=}: the daemon accepted HELLO and speaks version {@code v}. */
    public static Message welcome(int version, String daemonVersion) {
        return Message.of(MessageTypes.WELCOME).with(Fields.V, version).with(Fields.DAEMON, daemonVersion);
    }

    /** {@code STATE state=STARTING}. */
    public static Message starting() {
        return Message.of(MessageTypes.STATE).with(Fields.STATE, States.STARTING);
    }

    /** {@code STATE state=LOCKING waited_ms= [attempt=] [holder=]}. */
    public static Message locking(long waitedMs, int attempt, String holder) {
        Message m = Message.of(MessageTypes.STATE)
                .with(Fields.STATE, States.LOCKING)
                .with(Fields.WAITED_MS, waitedMs);
        m = attempt < 0 ? m : m.with(Fields.ATTEMPT, attempt);
        return optional(m, Fields.HOLDER, clipShort(holder));
    }

    /** {@code STATE state=MIGRATING step= of= file= version=}. */
    public static Message migrating(int step, int of, String file, String version) {
        return Message.of(MessageTypes.STATE)
                .with(Fields.STATE, States.MIGRATING)
                .with(Fields.STEP, step)
                .with(Fields.OF, of)
                .with(Fields.FILE, MessageCodec.clip(file, MAX_SHORT_TEXT_BYTES))
                .with(Fields.VERSION, version);
    }

    /** {@code READY version= [applied=]}: the schema is at {@code version}. */
    public static Message ready(String version, int applied) {
        Message m = Message.of(MessageTypes.READY).with(Fields.VERSION, version);
        return applied < 0 ? m : m.with(Fields.APPLIED, applied);
    }

    /** {@code FAILED code= [file=] [line=] message= [action=]}: the schema cannot be made current. */
    public static Message failed(String code, String file, int line, String message, String action) {
        Message m = Message.of(MessageTypes.FAILED).with(Fields.CODE, code);
        m = optional(m, Fields.FILE, clipShort(file));
        m = line < 0 ? m : m.with(Fields.LINE, line);
        m = m.with(Fields.MESSAGE, MessageCodec.clip(message, MAX_MESSAGE_BYTES));
        return optional(m, Fields.ACTION, clipShort(action));
    }

    /** {@code WAITING reason= [requires=] [available=]}: no verdict yet; keep waiting. */
    public static Message waiting(String reason, String requires, String available) {
        Message m = Message.of(MessageTypes.WAITING).with(Fields.REASON, reason);
        m = optional(m, Fields.REQUIRES, requires);
        return optional(m, Fields.AVAILABLE, available);
    }

    /** {@code ERROR code= message=}: a protocol error; the daemon closes after sending it. */
    public static Message error(String code, String message) {
        return Message.of(MessageTypes.ERROR)
                .with(Fields.CODE, code)
                .with(Fields.MESSAGE, MessageCodec.clip(message, MAX_MESSAGE_BYTES));
    }

    /** {@code PING [id=]}. */
    public static Message ping(String id) {
        return optional(Message.of(MessageTypes.PING), Fields.ID, id);
    }

    /** {@code PONG [id=]}, echoing the PING's id. */
    public static Message pong(String id) {
        return optional(Message.of(MessageTypes.PONG), Fields.ID, id);
    }

    private static Message optional(Message m, String key, String value) {
        return value == null ? m : m.with(key, value);
    }

    private static String clipShort(String value) {
        return value == null ? null : MessageCodec.clip(value, MAX_SHORT_TEXT_BYTES);
    }
}
