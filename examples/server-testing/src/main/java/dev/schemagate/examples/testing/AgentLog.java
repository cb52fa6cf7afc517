package dev.schemagate.examples.testing;

import java.util.List;

/** Reads the agent's lines out of a server's log. */
public final class AgentLog {
    /** The agent's prefix; part of its contract. */
    public static final String PREFIX = "schemagate-agent:";

    private AgentLog() {}

    /** Every line the agent printed, progress lines included. */
    public static List<String> lines(String log) {
        return log.lines().filter(l -> l.startsWith(PREFIX)).toList();
    }

    /** The lines that are not progress lines ("waiting 5s for schema: ..."): the verdict, when the wait ended. */
    public static List<String> verdicts(String log) {
        return lines(log).stream()
                .filter(l -> !l.startsWith(PREFIX + " waiting "))
                .toList();
    }

    /** Whether the agent printed a progress line, i.e. it has been waiting in premain for a while. */
    public static boolean isWaiting(String log) {
        return lines(log).stream().anyMatch(l -> l.startsWith(PREFIX + " waiting "));
    }
}
