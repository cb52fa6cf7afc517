package dev.schemagate.agent;

import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.States;

/** Turns the daemon's STATE, WAITING and FAILED messages into the words of progress lines and reasons. */
final class StateText {

    private StateText() {}

    /** {@code daemon is MIGRATING step 2 of 5 (V2__x.sql)}, {@code daemon is LOCKING (waited 1200 ms ...)}. */
    static String describe(Message state) {
        String word = GateRun.oneLine(state.get(Fields.STATE, "?"));
        StringBuilder sb = new StringBuilder(80).append("daemon is ").append(word);
        if (States.MIGRATING.equals(word)) {
            appendIf(sb, " step ", state.get(Fields.STEP));
            appendIf(sb, " of ", state.get(Fields.OF));
            String file = state.get(Fields.FILE);
            if (file != null) {
                sb.append(" (").append(GateRun.oneLine(file)).append(')');
            }
        } else if (States.LOCKING.equals(word)) {
            String waited = state.get(Fields.WAITED_MS);
            String holder = state.get(Fields.HOLDER);
            if (waited != null || holder != null) {
                sb.append(" (waiting for the database write lock");
                appendIf(sb, " for ", waited);
                if (waited != null) {
                    sb.append(" ms");
                }
                appendIf(sb, ", held by ", holder);
                sb.append(')');
            }
        }
        return sb.toString();
    }

    /** {@code daemon has no version 9 yet (newest: 5); waiting for a deploy and reload}. */
    static String describeWaiting(Message waiting) {
        String requires = waiting.get(Fields.REQUIRES);
        if (requires == null) {
            return "daemon says WAITING " + GateRun.oneLine(waiting.get(Fields.REASON, "?"));
        }
        return "daemon has no version " + GateRun.oneLine(requires) + " yet (newest: "
                + GateRun.oneLine(waiting.get(Fields.AVAILABLE, "unknown"))
                + "); waiting for that migration to be deployed and the daemon reloaded";
    }

    /** {@code migration failed: MIGRATION_FAILED in V3__x.sql line 4: no such table: user; action: ...}. */
    static String describeFailed(Message failed) {
        StringBuilder sb = new StringBuilder(160)
                .append("schema migration failed: ")
                .append(GateRun.oneLine(failed.get(Fields.CODE, "?")));
        String file = failed.get(Fields.FILE);
        String message = GateRun.oneLine(failed.get(Fields.MESSAGE, ""));
        // The daemon's message usually names the file and line itself; saying it twice only makes the line longer.
        if (file != null && message.indexOf(file) < 0) {
            sb.append(" in ").append(GateRun.oneLine(file));
            appendIf(sb, " line ", failed.get(Fields.LINE));
        }
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        sb.append(": ").append(message);
        String action = failed.get(Fields.ACTION);
        sb.append("; action: ")
                .append(action == null ? "see the daemon's log (journalctl -u schemagate)" : GateRun.oneLine(action));
        return sb.toString();
    }

    private static void appendIf(StringBuilder sb, String prefix, String value) {
        if (value != null) {
            sb.append(prefix).append(GateRun.oneLine(value));
        }
    }
}
