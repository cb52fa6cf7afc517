package dev.schemagate.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.Launched;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One Tomcat instance: its own CATALINA_BASE over the one unpacked CATALINA_HOME (Tomcat's documented way to run
 * several instances from one installation), the example war as ROOT, and the example's {@code setenv.sh}.
 */
final class CatalinaBase {
    /** The placeholders of the example's setenv.sh, replaced by the test's own paths. */
    static final String AGENT_PLACEHOLDER = "/opt/schemagate/schemagate-agent.jar";

    static final String SOCKET_PLACEHOLDER = "/run/schemagate/schemagate.sock";
    static final String APP_PLACEHOLDER = "app=tomcat";

    /** The agent's line in the example's setenv.sh, as the README documents it. */
    static final String CATALINA_OPTS_LINE = "CATALINA_OPTS=\"$CATALINA_OPTS -javaagent:";

    static final String JAVA_OPTS_LINE = "JAVA_OPTS=\"$JAVA_OPTS -javaagent:";

    // Port 0: the kernel picks a free port (tests find it in /proc). No shutdown port: see README, the stop trap.
    private static final String SERVER_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Server port="-1" shutdown="SHUTDOWN">
              <Service name="Catalina">
                <Connector port="0" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"/>
                <Engine name="Catalina" defaultHost="localhost">
                  <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                </Engine>
              </Service>
            </Server>
            """;

    private final Path base;
    private final Map<String, String> env = new HashMap<>();

    private CatalinaBase(Path base) {
        this.base = base;
    }

    static Path home() {
        return BuiltJars.required("tomcat.home");
    }

    /** The example's setenv.sh as shipped in examples/tomcat. */
    static String exampleSetenv() {
        try {
            return Files.readString(BuiltJars.required("example.setenv"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lays out {@code base}: conf (Tomcat's defaults, our server.xml), logs, temp, webapps/ROOT.war, work, and
     * {@code bin/setenv.sh} with exactly the text given.
     */
    static CatalinaBase create(Path base, String setenv, Path db) throws IOException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home().resolve("conf"))) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(conf.resolve("server.xml"), SERVER_XML, StandardCharsets.UTF_8);
        for (String d : List.of("logs", "temp", "webapps", "work", "bin")) {
            Files.createDirectories(base.resolve(d));
        }
        Files.copy(BuiltJars.required("example.war"), base.resolve("webapps").resolve("ROOT.war"));
        Files.writeString(base.resolve("bin").resolve("setenv.sh"), setenv, StandardCharsets.UTF_8);
        CatalinaBase b = new CatalinaBase(base);
        b.env.put("CATALINA_HOME", home().toString());
        b.env.put("CATALINA_BASE", base.toString());
        b.env.put("JAVA_HOME", BuiltJars.javaHome().toString());
        b.env.put("APP_DB", db.toString());
        // Nothing of the surrounding shell's Tomcat settings: each test states its own.
        for (String v : List.of("JAVA_OPTS", "CATALINA_OPTS", "CATALINA_PID", "CATALINA_OUT", "JRE_HOME")) {
            b.env.put(v, null);
        }
        return b;
    }

    /**
     * The example's setenv.sh with the agent jar, socket and app name of this test; {@code placement} is
     * {@link #CATALINA_OPTS_LINE} (as documented) or {@link #JAVA_OPTS_LINE} (the trap).
     */
    static String setenv(Path agentJar, Path socket, String app, String placement) {
        String text = exampleSetenv();
        assertThat(text).contains(CATALINA_OPTS_LINE + AGENT_PLACEHOLDER, SOCKET_PLACEHOLDER, APP_PLACEHOLDER);
        return text.replace(CATALINA_OPTS_LINE, placement)
                .replace(AGENT_PLACEHOLDER, agentJar.toString())
                .replace(SOCKET_PLACEHOLDER, socket.toString())
                .replace(APP_PLACEHOLDER, "app=" + app);
    }

    /** Adds (or with null removes) an environment variable for the catalina.sh commands of this instance. */
    CatalinaBase env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Path base() {
        return base;
    }

    /** What {@code catalina.sh start} appends the server's console to. */
    Path catalinaOut() {
        return base.resolve("logs").resolve("catalina.out");
    }

    /** The pid file the example's setenv.sh names. */
    Path pidFile() {
        return base.resolve("temp").resolve("catalina.pid");
    }

    /**
     * {@code catalina.sh ARGS}, its own output going to {@code log}. {@code run} execs the JVM, so the process's exit
     * code is the server JVM's (the agent's, when it stops the start).
     */
    Launched catalina(Path log, String... args) {
        List<String> command = new ArrayList<>(
                List.of("sh", home().resolve("bin").resolve("catalina.sh").toString()));
        command.addAll(List.of(args));
        return Launched.start(command, env, base, log);
    }
}
