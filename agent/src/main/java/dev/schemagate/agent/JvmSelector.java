package dev.schemagate.agent;

import java.util.Map;
import java.util.Properties;

/**
 * Decides whether this JVM waits for the schema: the user's {@code gate=} patterns first (they win over
 * everything), then the user's {@code skip=} patterns, then {@link BuiltInSkips}; a JVM that none of them
 * names waits.
 *
 * <p>A pattern without a space is matched against the main class (without its module), the jar's file name or
 * the source file's name; a pattern with a space against that name and the arguments ({@code app.jar migrate*}).
 * The decision is made before the other options are read and validated, so that a JDK tool or {@code mvn} that
 * picks up a broken {@code JAVA_TOOL_OPTIONS} still runs; the full parse in {@link AgentConfig} reports bad
 * patterns for the JVMs that do wait.
 */
final class JvmSelector {

    private JvmSelector() {}

    /**
     * Why this JVM should not wait, or null when it should.
     *
     * @param javaCommand the {@code sun.java.command} property, may be null
     */
    static String skipReason(String javaCommand, String agentArgs, Properties props, Map<String, String> env) {
        LaunchCommand command = LaunchCommand.parse(javaCommand);
        String gate = AgentConfig.lookUp(AgentConfig.GATE, agentArgs, props, env);
        if (gate != null && matches(Glob.split(gate), command)) {
            return null;
        }
        String skip = AgentConfig.lookUp(AgentConfig.SKIP, agentArgs, props, env);
        if (skip != null && matches(Glob.split(skip), command)) {
            return "skip=" + skip + " matches " + command.main();
        }
        return BuiltInSkips.reason(command, props, env, agentArgs);
    }

    /** Whether any pattern matches the command, as the class comment says. */
    static boolean matches(String[] globs, LaunchCommand command) {
        String text = null;
        for (String glob : globs) {
            if (glob.isEmpty()) {
                continue;
            }
            if (glob.indexOf(' ') < 0) {
                if (Glob.matches(glob, command.main())) {
                    return true;
                }
            } else {
                text = text == null ? command.text() : text;
                if (Glob.matches(glob, text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any pattern matches {@code name} whole. */
    static boolean anyMatches(String[] globs, String name) {
        for (String glob : globs) {
            if (Glob.matches(glob, name)) {
                return true;
            }
        }
        return false;
    }
}
