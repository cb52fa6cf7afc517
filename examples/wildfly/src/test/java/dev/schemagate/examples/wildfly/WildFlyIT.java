package dev.schemagate.examples.wildfly;

import static org.awaitility.Awaitility.await;

import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.GatedServerContract;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.ServerInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;

/**
 * The real WildFly 39 distribution (profile {@code wildfly}), one server base dir per instance, the agent in
 * {@code MODULE_OPTS} exactly as examples/wildfly/standalone.conf.addition says. Every port is 0 (the kernel picks);
 * the HTTP port is the one WildFly logs for its Undertow listener.
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class WildFlyIT extends GatedServerContract {
    private static final Pattern HTTP_LISTENER =
            Pattern.compile("Undertow HTTP listener default listening on [^\\s]*:(\\d+)");

    @Override
    protected Launched start(ServerInstance instance) throws IOException {
        Path home = BuiltJars.required("wildfly.home");
        Path base = instance.home().resolve("standalone");
        copyTree(home.resolve("standalone"), base);
        Files.copy(
                BuiltJars.required("example.war"), base.resolve("deployments").resolve("schema-demo.war"));
        String addition = Files.readString(BuiltJars.required("example.conf"), StandardCharsets.UTF_8)
                .replace(
                        "/opt/schemagate/schemagate-agent.jar",
                        instance.agentJar().toString())
                .replace("/run/schemagate/schemagate.sock", instance.socket().toString())
                .replace("app=wildfly", "app=" + instance.name());
        Path conf = instance.home().resolve("standalone.conf");
        Files.writeString(
                conf,
                Files.readString(home.resolve("bin").resolve("standalone.conf")) + "\n" + addition,
                StandardCharsets.UTF_8);
        List<String> command = List.of(
                "sh",
                home.resolve("bin").resolve("standalone.sh").toString(),
                "-Djboss.http.port=0",
                "-Djboss.https.port=0",
                "-Djboss.management.http.port=0",
                "-Djboss.management.https.port=0",
                "-Djboss.ajp.port=0");
        return Launched.start(
                command,
                Map.of(
                        "JBOSS_HOME", home.toString(),
                        "JBOSS_BASE_DIR", base.toString(),
                        "RUN_CONF", conf.toString(),
                        "JAVA_HOME", BuiltJars.javaHome().toString(),
                        "APP_DB", instance.db().toString()),
                instance.home(),
                instance.consoleLog());
    }

    /** One WildFly alone took 201 s to start under a load of 38 on 2 cores; three start at once. */
    @Override
    protected Duration serverDeadline() {
        return Duration.ofMinutes(15);
    }

    @Override
    protected String schemaPath() {
        return "/schema-demo/schema";
    }

    /** The Undertow listener's port from the log, once the deployment is done (WFLYSRV0025: started). */
    @Override
    protected int appPort(Launched server, Set<Integer> listening) {
        await().atMost(serverDeadline())
                .failFast("WildFly exited", () -> !server.isAlive())
                .until(() -> server.log().contains("WFLYSRV0025"));
        Matcher m = HTTP_LISTENER.matcher(server.log());
        if (!m.find()) {
            throw new AssertionError("no Undertow HTTP listener line in\n" + server.describe());
        }
        return Integer.parseInt(m.group(1));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
