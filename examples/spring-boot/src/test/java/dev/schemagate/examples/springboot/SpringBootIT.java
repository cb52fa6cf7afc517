package dev.schemagate.examples.springboot;

import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.ExecutableJar;
import dev.schemagate.examples.testing.GatedServerContract;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.ServerInstance;

/** A Spring Boot 4.0 executable jar: {@code java -javaagent:schemagate-agent.jar=socket=...,app=... -jar spring-boot-example.jar}. */
class SpringBootIT extends GatedServerContract {

    @Override
    protected Launched start(ServerInstance instance) {
        return ExecutableJar.start(instance, BuiltJars.required("example.jar"));
    }
}
