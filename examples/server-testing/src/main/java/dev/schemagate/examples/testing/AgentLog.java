package dev.schemagate.examples.testing;

import java.util.List;
import java.util.regex.Pattern;

/** Reads the agent's lines out of a server's log. */
public final class AgentLog {
    /** The agent's prefix; part of its contract. */
    public static final String PREFIX = "schemagate-agent:";

    private AgentLog() {}

    // A colouring console (WildFly's) ends its lines with an ANSI reset that lands at the start of the next one.
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** Every line the agent printed, progress lines included (without a console's colour codes). */
    public static List<String> lines(String log) {
        return log.lines()
                .map(l -> ANSI.matcher(l).replaceAll(""))
                .filter(l -> l.startsWith(PREFIX))
                .toList();
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
