package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real child JVMs started with {@code -javaagent:target/schemagate-agent.jar} against a fake daemon. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AgentIT {

    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("d.sock");
    }

    @Test
    void readyLetsTheApplicationRun() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(socket(), FakeDaemon.ready("5"))) {
            ChildJvm.Result r = ChildJvm.runApp(ChildJvm.JAVA, "socket=" + socket() + ",timeout=20s,app=orders", dir);

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
            assertThat(r.stdout()).isEqualTo(GatedApp.MARKER + System.lineSeparator());
            assertThat(r.agentLines()).isEmpty();
            assertThat(d.hellos()).hasSize(1);
            assertThat(d.hellos().get(0).get("app")).isEqualTo("orders");
            assertThat(d.hellos().get(0).get("pid")).matches("\\d+");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void readyOnEveryJdk(TestJdks.Jdk jdk) throws Exception {
        try (FakeDaemon d = FakeDaemon.start(socket(), FakeDaemon.ready("5"))) {
            ChildJvm.Result r = ChildJvm.runApp(jdk.java().toString(), "socket=" + socket() + ",timeout=20s", dir);

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
            assertThat(r.stdout()).isEqualTo(GatedApp.MARKER + System.lineSeparator());
            assertThat(r.agentLines()).isEmpty();
            assertThat(d.hellos()).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void failedStopsTheJvmWithSeventyAndOneLine(TestJdks.Jdk jdk) throws Exception {
        try (FakeDaemon d = FakeDaemon.start(socket(), conn -> {
            conn.send(Messages.welcome(1, "0.1.0"));
            conn.send(Messages.migrating(1, 1, "V3__add users.sql", "3"));
            conn.send(Messages.failed(
                    ErrorCodes.MIGRATION_FAILED,
                    "V3__add users.sql",
                    4,
                    "no such table: user",
                    "Fix the file and reload the daemon"));
        })) {
            ChildJvm.Result r = ChildJvm.runApp(jdk.java().toString(), "socket=" + socket() + ",timeout=20s", dir);

            assertThat(r.exitCode()).isEqualTo(70);
            assertThat(r.stdout()).doesNotContain(GatedApp.MARKER);
            assertThat(r.agentLines())
                    .containsExactly(
                            "schemagate-agent: schema migration failed: MIGRATION_FAILED in"
                                    + " V3__add users.sql line 4: no such table: user; action: Fix the file and reload the daemon");
            assertThat(r.stderr()).doesNotContain("FATAL ERROR", "Exception");
        }
    }

    @Test
    void noDaemonStopsTheJvmWithSixtyNineAfterTheTimeout() throws Exception {
        ChildJvm.Result r = ChildJvm.runApp(ChildJvm.JAVA, "socket=" + socket() + ",timeout=1s", dir);

        assertThat(r.exitCode()).isEqualTo(69);
        assertThat(r.stdout()).doesNotContain(GatedApp.MARKER);
        assertThat(r.agentLines())
                .containsExactly("schemagate-agent: schemagate daemon not reachable at " + socket()
                        + " within 1s (last error: No such file or directory); action: start the daemon"
                        + " (systemctl start schemagate) or point socket= at its socket");
        assertThat(r.millis()).isGreaterThanOrEqualTo(1000L);
    }

    @Test
    void onFailureContinueRunsTheApplicationWithAWarning() throws Exception {
        ChildJvm.Result r =
                ChildJvm.runApp(ChildJvm.JAVA, "socket=" + socket() + ",timeout=500ms,onFailure=continue", dir);

        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.stdout()).isEqualTo(GatedApp.MARKER + System.lineSeparator());
        assertThat(r.agentLines())
                .singleElement()
                .asString()
                .startsWith("schemagate-agent: WARNING schemagate daemon not reachable at " + socket())
                .endsWith("(exit 69 suppressed by onFailure=continue); starting anyway");
    }

    @Test
    void badOptionStopsTheJvmWithSeventyEight() throws Exception {
        ChildJvm.Result r = ChildJvm.runApp(ChildJvm.JAVA, "socket=" + socket() + ",timeout=soon", dir);

        assertThat(r.exitCode()).isEqualTo(78);
        assertThat(r.stdout()).doesNotContain(GatedApp.MARKER);
        assertThat(r.agentLines())
                .containsExactly("schemagate-agent: bad configuration: timeout=soon (agent argument)"
                        + " is not valid: expected a positive duration with a unit, such as 500ms, 30s or 2m");
        assertThat(r.stderr()).doesNotContain("FATAL ERROR");
    }

    @Test
    void environmentConfiguresTheAgent() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(socket(), FakeDaemon.ready("2"))) {
            List<String> cmd = List.of(
                    ChildJvm.JAVA,
                    "-javaagent:" + ChildJvm.agentJar(),
                    "-cp",
                    ChildJvm.testClasses().toString(),
                    GatedApp.class.getName());
            ChildJvm.Result r = ChildJvm.run(
                    cmd, Map.of("SCHEMAGATE_SOCKET", socket().toString(), "SCHEMAGATE_APP", "from-env"), dir);

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
            assertThat(d.hellos().get(0).get("app")).isEqualTo("from-env");
        }
    }

    @Test
    void jcmdPicksTheAgentUpButIsNotHeld() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        assertThat(jcmd).isExecutable();
        // No daemon and a 20 s timeout: were jcmd held, it would take 20 s and exit 69.
        ChildJvm.Result r = ChildJvm.run(
                List.of(jcmd.toString(), "-l"),
                Map.of(
                        "JAVA_TOOL_OPTIONS",
                        "-javaagent:" + ChildJvm.agentJar() + "=socket=" + socket() + ",timeout=20s"),
                dir);

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
        assertThat(r.stderr()).contains("Picked up JAVA_TOOL_OPTIONS");
        assertThat(r.agentLines()).isEmpty();
        assertThat(r.millis()).isLessThan(15_000L);
        assertThat(Files.exists(socket())).isFalse();
    }
}
