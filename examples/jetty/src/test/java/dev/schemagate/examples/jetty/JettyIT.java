package dev.schemagate.examples.jetty;

import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.ExecutableJar;
import dev.schemagate.examples.testing.GatedServerContract;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.ServerInstance;

/** Embedded Jetty 12.1: {@code java -javaagent:schemagate-agent.jar=socket=...,app=... -jar jetty-example.jar}. */
class JettyIT extends GatedServerContract {

    @Override
    protected Launched start(ServerInstance instance) {
        return ExecutableJar.start(instance, BuiltJars.required("example.jar"));
    }
}
