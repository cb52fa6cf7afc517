package dev.schemagate.examples.testing;

import java.nio.file.Path;

/**
 * What a server test needs to start one instance: its own folder, the shared database and socket, and the agent.
 *
 * @param name the instance's name, also the agent's {@code app=}
 * @param home a folder of its own (a CATALINA_BASE, a WildFly base dir, or just where its log goes)
 * @param db the SQLite file the app reads (the example apps take it from the environment variable APP_DB)
 * @param socket the daemon's socket
 * @param agentJar the agent jar under test
 */
public record ServerInstance(String name, Path home, Path db, Path socket, Path agentJar) {

    /** The agent's options as the README writes them: {@code socket=PATH,app=NAME}. */
    public String agentOptions() {
        return "socket=" + socket + ",app=" + name;
    }

    /** {@code -javaagent:JAR=socket=PATH,app=NAME}. */
    public String javaagent() {
        return "-javaagent:" + agentJar + "=" + agentOptions();
    }

    /** Where this instance's console output goes. */
    public Path consoleLog() {
        return home.resolve("console.log");
    }
}
