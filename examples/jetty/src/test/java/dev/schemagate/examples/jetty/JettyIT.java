package dev.schemagate.examples.jetty;

import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.GatedServerContract;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.ServerInstance;
import java.util.List;
import java.util.Map;

/** Embedded Jetty 12.1: {@code java -javaagent:schemagate-agent.jar=socket=...,app=... -jar jetty-example.jar}. */
class JettyIT extends GatedServerContract {

    @Override
    protected Launched start(ServerInstance instance) {
        List<String> command = List.of(
                BuiltJars.java(),
                instance.javaagent(),
                "-jar",
                BuiltJars.required("example.jar").toString());
        return Launched.start(
                command,
                Map.of("APP_DB", instance.db().toString(), "PORT", "0"),
                instance.home(),
                instance.consoleLog());
    }
}
