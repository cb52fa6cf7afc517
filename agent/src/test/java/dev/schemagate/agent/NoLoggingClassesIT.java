package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent loads no java.util.logging, java.lang.management, JMX or System.Logger class: WildFly's and Quarkus's
 * log managers must be the first to start JUL, and an agent that gets there first breaks them (WFLYLOG0078).
 * Read off {@code -Xlog:class+load} of real child JVMs on every JDK found.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoLoggingClassesIT {

    /** Never, anywhere in the run. */
    private static final String[] NEVER = {
        "java.util.logging.", "java.lang.management.", "javax.management.", "sun.management.", "jdk.management."
    };

    /**
     * Not while the JVM runs. JDK 21+'s Runtime.exit asks System.getLogger("java.lang.Runtime") whether to log
     * the exit (JDK-8301627), so a JVM that the agent stops loads these from java.lang.Shutdown onwards: the
     * JDK's own exit path, when no application is left to break. Measured on Temurin 25: 25 such classes, none of
     * java.util.logging.
     */
    private static final String[] NOT_BEFORE_SHUTDOWN = {
        "java.lang.System$Logger", "java.lang.System$LoggerFinder", "jdk.internal.logger.", "sun.util.logging."
    };

    private static final String SHUTDOWN_STARTS = "java.lang.Shutdown";

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void readyLoadsNoLoggingOrManagementClass(TestJdks.Jdk jdk) throws Exception {
        Path socket = dir.resolve("d.sock");
        try (FakeDaemon d = FakeDaemon.start(socket, conn -> {
            conn.send(Messages.welcome(1, "fake"));
            conn.send(Messages.migrating(1, 1, "V1__a.sql", "1"));
            conn.send(Messages.ready("1", 1));
            conn.close();
        })) {
            List<String> classes = run(jdk, "socket=" + socket + ",timeout=20s", 0);
            assertThat(classes).as("the agent's own classes were loaded").contains("dev.schemagate.agent.GateRun");
            assertClean(classes);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void failureLoadsNoLoggingOrManagementClassBeforeTheJvmExits(TestJdks.Jdk jdk) throws Exception {
        Path socket = dir.resolve("d.sock");
        try (FakeDaemon d = FakeDaemon.start(socket, conn -> {
            conn.send(Messages.welcome(1, "fake"));
            conn.send(Messages.failed(ErrorCodes.MIGRATION_FAILED, "V2__b.sql", 3, "syntax error", "fix it"));
        })) {
            assertClean(run(jdk, "socket=" + socket + ",timeout=20s", 70));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void noDaemonLoadsNoLoggingOrManagementClassBeforeTheJvmExits(TestJdks.Jdk jdk) throws Exception {
        // The path with the watchdog thread, reconnects and a progress line.
        assertClean(run(jdk, "socket=" + dir.resolve("none.sock") + ",timeout=1200ms", 69));
    }

    /** Runs GatedApp with the agent and returns the names of the loaded classes, in load order. */
    private List<String> run(TestJdks.Jdk jdk, String agentArgs, int expectedExit) throws Exception {
        Path log = dir.resolve("classes-" + jdk.feature() + "-" + expectedExit + ".log");
        ChildJvm.Result r = ChildJvm.run(
                ChildJvm.appCommand(
                        jdk.java().toString(),
                        List.of(
                                "-Xlog:class+load=info:file=" + log,
                                "-javaagent:" + ChildJvm.agentJar() + "=" + agentArgs)),
                Map.of(),
                dir);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(expectedExit);
        List<String> classes = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load]"))
                .map(line -> line.substring(line.indexOf("[class,load]") + "[class,load]".length())
                        .trim())
                .map(rest -> rest.split(" ", 2)[0])
                .toList();
        assertThat(classes).as("-Xlog:class+load wrote to " + log).hasSizeGreaterThan(100);
        return classes;
    }

    private static void assertClean(List<String> classes) {
        int shutdown = classes.indexOf(SHUTDOWN_STARTS);
        List<String> running = shutdown < 0 ? classes : classes.subList(0, shutdown);
        assertThat(classes).as("loaded at any time").noneMatch(c -> startsWithAny(c, NEVER));
        assertThat(running)
                .as("loaded before the JVM began to exit")
                .noneMatch(c -> startsWithAny(c, NOT_BEFORE_SHUTDOWN));
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
