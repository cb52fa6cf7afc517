package dev.schemagate.agent;

/**
 * Recognises JDK tools that pick the agent up through {@code JAVA_TOOL_OPTIONS}: running {@code jcmd}
 * or {@code jstack} against a stuck worker must not itself wait for the schema.
 *
 * <p>The rule is OpenTelemetry's ({@code AgentInitializer.isJdkToolMainClass} in
 * opentelemetry-java-instrumentation) and Elastic's ({@code JvmToolBootstrapCheck} in apm-agent-java): not a
 * jar, and the main class's module, or the class itself when it has no module, starts with a JDK prefix
 * ({@code jdk.jcmd/sun.tools.jcmd.JCmd}, {@code jdk.compiler/com.sun.tools.javac.Main}). A prefix rather than a
 * list of classes, so tools added by a newer JDK are covered too. Unlike those agents, the source-file
 * launcher ({@code java App.java}) is not a tool here: {@link LaunchCommand} sees the user's program in it.
 */
final class JdkTools {

    // OpenTelemetry's list; plain com.sun. is not in it because application servers (GlassFish) use it.
    private static final String[] PREFIXES = {
        "java.",
        "jdk.",
        "sun.",
        "com.sun.tools.",
        "com.sun.corba.se.",
        "com.sun.javafx.tools.",
        "com.sun.java.util.jar.pack.",
    };

    private JdkTools() {}

    /** Whether {@code javaCommand} (the {@code sun.java.command} property, may be null) starts a JDK tool. */
    static boolean isJdkTool(String javaCommand) {
        return isJdkTool(LaunchCommand.parse(javaCommand));
    }

    /** Whether the command starts a JDK tool. */
    static boolean isJdkTool(LaunchCommand command) {
        if (command.isJar()) {
            return false;
        }
        String name = command.module() != null ? command.module() : command.main();
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
