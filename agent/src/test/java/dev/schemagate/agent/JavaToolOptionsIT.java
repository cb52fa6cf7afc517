package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code JAVA_TOOL_OPTIONS=-javaagent:...} set for every JVM, as in a container, and no daemon running: the JDK's
 * tools and Maven run normally while an application's JVM with the same options waits in premain.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class JavaToolOptionsIT {

    /** Long enough that a held tool would overrun every bound below; the worker is released well before it. */
    private static final String AGENT_TIMEOUT = "90s";

    private static final long TOOL_BOUND_MILLIS = 30_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void toolsAndMavenRunWhileAnApplicationWaits(TestJdks.Jdk jdk) throws Exception {
        Path socket = dir.resolve("d.sock");
        Map<String, String> env = Map.of(
                "JAVA_TOOL_OPTIONS",
                "-javaagent:" + ChildJvm.agentJar() + "=socket=" + socket + ",timeout=" + AGENT_TIMEOUT);
        Path workerOut = dir.resolve("worker.out");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.appCommand(jdk.java().toString(), List.of()))
                .redirectOutput(workerOut.toFile())
                .redirectError(dir.resolve("worker.err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAGATE_"));
        pb.environment().putAll(env);
        Process worker = pb.start();
        try {

            // Maven's mvn script runs this on every build, with its output thrown away.
            ChildJvm.Result version = ChildJvm.run(List.of(jdk.java().toString(), "-version"), env, dir);
            assertTool(version);

            ChildJvm.Result javac = ChildJvm.run(List.of(jdk.tool("javac").toString(), "-version"), env, dir);
            assertTool(javac);
            assertThat(javac.stdout() + javac.stderr()).contains("javac ");

            ChildJvm.Result jcmd = ChildJvm.run(List.of(jdk.tool("jcmd").toString(), "-l"), env, dir);
            assertTool(jcmd);
            // A JVM still in premain is listed without its main class ("PID Unknown"): the pid is enough.
            assertThat(jcmd.stdout().lines())
                    .as("jcmd lists the waiting worker JVM")
                    .anyMatch(line -> line.startsWith(worker.pid() + " "));

            Path mvnw = Path.of(System.getProperty("schemagate.mvnw", "../mvnw"));
            assertThat(mvnw).as("the project's Maven wrapper").isExecutable();
            ChildJvm.Result maven = ChildJvm.run(
                    List.of(mvnw.toString(), "-v"),
                    Map.of(
                            "JAVA_TOOL_OPTIONS",
                            env.get("JAVA_TOOL_OPTIONS"),
                            "JAVA_HOME",
                            jdk.home().toString()),
                    dir);
            assertTool(maven);
            assertThat(maven.stdout()).contains("Apache Maven", "runtime: " + jdk.home());

            assertThat(worker.isAlive())
                    .as("the application still waits for the schema")
                    .isTrue();
            assertThat(Files.readString(workerOut, StandardCharsets.UTF_8)).doesNotContain(GatedApp.MARKER);

            try (FakeDaemon d = FakeDaemon.start(socket, FakeDaemon.ready("3"))) {
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(worker.exitValue()).isZero();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> Files.readString(workerOut, StandardCharsets.UTF_8)
                                .contains(GatedApp.MARKER));
                assertThat(d.hellos())
                        .as("only the application asked the daemon")
                        .hasSize(1);
            }
        } finally {
            worker.destroyForcibly();
        }
    }

    private static void assertTool(ChildJvm.Result r) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).as("the tool's JVM did pick the agent up").contains("Picked up JAVA_TOOL_OPTIONS");
        assertThat(r.agentLines()).isEmpty();
        assertThat(r.millis()).isLessThan(TOOL_BOUND_MILLIS);
    }
}
