package dev.schemagate.daemon.systemd;

import dev.schemagate.daemon.server.GateState;
import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.Message;

/** Turns a state snapshot into the one-line {@code STATUS=} text that {@code systemctl status} shows. */
final class StatusText {
    /** systemd drops a whole notification above 4096 bytes; the status must leave room for the other fields. */
    static final int MAX_CHARS = 1000;

    private StatusText() {}

    static String of(GateState state) {
        Message m = state.message();
        String text;
        switch (state.phase()) {
            case STARTING:
                text = "STARTING";
                break;
            case LOCKING:
                text = locking(m);
                break;
            case MIGRATING:
                text = "MIGRATING: step " + m.get(Fields.STEP) + " of " + m.get(Fields.OF) + ": " + m.get(Fields.FILE);
                break;
            case READY:
                text = ready(m);
                break;
            default:
                text = failed(state);
        }
        return oneLine(text);
    }

    private static String locking(Message m) {
        String attempt = m.get(Fields.ATTEMPT);
        if (attempt == null) {
            return "LOCKING: taking the database write lock";
        }
        String holder = m.get(Fields.HOLDER);
        return "LOCKING: waiting for the database write lock (waited " + m.get(Fields.WAITED_MS) + " ms, attempt "
                + attempt + (holder == null ? "" : ", held by " + holder) + ")";
    }

    private static String ready(Message m) {
        String applied = m.get(Fields.APPLIED, "0");
        return "READY: schema version " + m.get(Fields.VERSION)
                + (applied.equals("0") ? ", up to date" : ", " + applied + " migrations applied");
    }

    private static String failed(GateState state) {
        Message m = state.message();
        if (m == null || m.get(Fields.MESSAGE) == null) {
            return "FAILED: " + state.failure();
        }
        // The engine's message already names the file and line.
        String action = m.get(Fields.ACTION);
        return "FAILED (" + m.get(Fields.CODE) + "): " + m.get(Fields.MESSAGE)
                + (action == null ? "" : " Action: " + action);
    }

    /** A newline would end the STATUS= assignment and start a bogus one. */
    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return flat.length() <= MAX_CHARS ? flat : flat.substring(0, MAX_CHARS - 3) + "...";
    }
}
