package dev.schemagate.examples.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An example app packaged as one runnable jar (Spring Boot, embedded Jetty), started the way the README says:
 * {@code APP_DB=... PORT=0 java -javaagent:schemagate-agent.jar=socket=...,app=... -jar app.jar}.
 */
public final class ExecutableJar {
    private ExecutableJar() {}

    /** Starts {@code jar} for {@code instance}; its console goes to {@link ServerInstance#consoleLog()}. */
    public static Launched start(ServerInstance instance, Path jar) {
        return start(instance, jar, Map.of());
    }

    /** As {@link #start(ServerInstance, Path)}, with {@code env} added (a Spring profile, say). */
    public static Launched start(ServerInstance instance, Path jar, Map<String, String> env) {
        return launch(instance, List.of(BuiltJars.java(), instance.javaagent(), "-jar", jar.toString()), env);
    }

    /**
     * Starts {@code jar} for {@code instance} without the agent: the app as it ran before schemagate, when its own
     * migration tool ran at start-up.
     */
    public static Launched startWithoutAgent(ServerInstance instance, Path jar, Map<String, String> env) {
        return launch(instance, List.of(BuiltJars.java(), "-jar", jar.toString()), env);
    }

    private static Launched launch(ServerInstance instance, List<String> command, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("APP_DB", instance.db().toString());
        all.put("PORT", "0");
        return Launched.start(command, all, instance.home(), instance.consoleLog());
    }
}
