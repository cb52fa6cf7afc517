package dev.schemagate.examples.testing;

import java.nio.file.Path;
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
        List<String> command = List.of(BuiltJars.java(), instance.javaagent(), "-jar", jar.toString());
        return Launched.start(
                command,
                Map.of("APP_DB", instance.db().toString(), "PORT", "0"),
                instance.home(),
                instance.consoleLog());
    }
}
