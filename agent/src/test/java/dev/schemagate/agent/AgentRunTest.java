package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Messages;
import dev.schemagate.protocol.StateFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What premain decides, without exiting: Agent.run returns the code premain would exit with. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AgentRunTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final Properties props = new Properties();

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private int run(String args) {
        return Agent.run(args, props, Map.of(), err);
    }

    @Test
    void readyIsQuiet() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(dir.resolve("s"), FakeDaemon.ready("4"))) {
            assertThat(run("socket=" + dir.resolve("s"))).isEqualTo(0);
            assertThat(errText()).isEmpty();
            assertThat(d.hellos().get(0).get("app")).isEqualTo("java");
        }
    }

    @Test
    void slowReadyGetsOneLine() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(dir.resolve("s"), conn -> {
            conn.send(Messages.welcome(1, "x"));
            Thread.sleep(1100);
            conn.send(Messages.ready("4", 1));
        })) {
            assertThat(run("socket=" + dir.resolve("s"))).isEqualTo(0);
            assertThat(errText()).matches("schemagate-agent: schema ready at version 4 after 1\\d{3} ms\\R");
        }
    }

    @Test
    void failedPrintsOneLineAndReturnsTheCode() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(dir.resolve("s"), conn -> {
            conn.send(Messages.welcome(1, "x"));
            conn.send(Messages.failed(ErrorCodes.MIGRATION_FAILED, "V2__b.sql", 3, "syntax error", "fix it"));
        })) {
            assertThat(run("socket=" + dir.resolve("s"))).isEqualTo(70);
            assertThat(errText())
                    .isEqualTo("schemagate-agent: schema migration failed: MIGRATION_FAILED in V2__b.sql"
                            + " line 3: syntax error; action: fix it" + System.lineSeparator());
        }
    }

    @Test
    void readyBelowRequiresExitsSixtyNineWithOneLine() throws Exception {
        try (FakeDaemon d = FakeDaemon.start(dir.resolve("s"), FakeDaemon.ready("4"))) {
            assertThat(run("socket=" + dir.resolve("s") + ",requires=5")).isEqualTo(69);
            assertThat(errText())
                    .startsWith("schemagate-agent: the daemon at " + dir.resolve("s")
                            + " said READY version=4, below this client's requires=5: ")
                    .endsWith(System.lineSeparator());
            assertThat(errText().lines()).hasSize(1);
        }
    }

    @Test
    void onFailureContinueWarnsAndLetsTheAppStart() {
        assertThat(run("socket=" + dir.resolve("none") + ",timeout=300ms,onFailure=continue"))
                .isEqualTo(0);
        assertThat(errText())
                .startsWith("schemagate-agent: WARNING schemagate daemon not reachable at ")
                .endsWith(" (exit 69 suppressed by onFailure=continue); starting anyway" + System.lineSeparator());
        assertThat(errText().lines()).hasSize(1);
    }

    @Test
    void badConfigurationIsSeventyEightEvenWithContinue() {
        assertThat(run("socket=/s,timeout=soon,onFailure=continue")).isEqualTo(78);
        assertThat(errText())
                .isEqualTo("schemagate-agent: bad configuration: timeout=soon (agent argument) is not valid:"
                        + " expected a positive duration with a unit, such as 500ms, 30s or 2m"
                        + System.lineSeparator());
    }

    @Test
    void jdkToolsAreSkippedBeforeTheOptionsAreRead() {
        props.setProperty("sun.java.command", "jdk.jcmd/sun.tools.jcmd.JCmd -l");

        assertThat(run("no socket here")).isEqualTo(0);
        assertThat(errText()).isEmpty();
    }

    @Test
    void serverCommandsAreSkippedBeforeTheOptionsAreRead() {
        props.setProperty("sun.java.command", "org.apache.catalina.startup.Bootstrap stop");

        assertThat(run("socket=" + dir.resolve("none") + ",timeout=soon")).isEqualTo(0);
        assertThat(errText()).isEmpty();
    }

    @Test
    void userSkipLetsAJvmThroughAndGateHoldsATool() throws Exception {
        props.setProperty("sun.java.command", "com.example.Report --all");
        assertThat(run("socket=" + dir.resolve("none") + ",skip=com.example.Report"))
                .isEqualTo(0);

        props.setProperty("sun.java.command", "jdk.jcmd/sun.tools.jcmd.JCmd -l");
        try (FakeDaemon d = FakeDaemon.start(dir.resolve("s"), FakeDaemon.ready("4"))) {
            assertThat(run("socket=" + dir.resolve("s") + ",gate=sun.tools.jcmd.*"))
                    .isEqualTo(0);
            assertThat(d.hellos()).as("gate= made jcmd ask the daemon").hasSize(1);
        }
        assertThat(errText()).isEmpty();
    }

    @Test
    void aBadPatternStopsAJvmThatWaits() {
        props.setProperty("sun.java.command", "com.example.Orders");

        assertThat(run("socket=/s,skip=;")).isEqualTo(78);
        assertThat(errText()).startsWith("schemagate-agent: bad configuration: skip=; (agent argument) is not valid");
    }

    /** A state file beside {@code socket} naming this JVM, alive, as a READY daemon; nothing listens on the socket. */
    private void readyStateFile(Path socket, String mode) throws Exception {
        long me = ProcessHandle.current().pid();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        Path file = StateFile.pathFor(socket);
        Files.writeString(
                file, StateFile.ready("4", me, StateFile.startTimeOf(me)).format());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aTrustedReadyStateFileStartsTheJvmSilentlyWithoutTheSocket() throws Exception {
        readyStateFile(dir.resolve("s"), "rw-r-----");
        props.setProperty("sun.java.command", "com.example.Orders");

        // Nothing listens on the socket: asking it would end in 69 after the timeout.
        assertThat(run("socket=" + dir.resolve("s") + ",timeout=1s,requires=4")).isEqualTo(0);
        assertThat(errText()).isEmpty();
    }

    @Test
    void theReadyFastPathDoesNotHideABrokenSetup() throws Exception {
        readyStateFile(dir.resolve("s"), "rw-r-----");
        props.setProperty("sun.java.command", "com.example.Orders");

        assertThat(run("socket=" + dir.resolve("s") + ",timeout=soon")).isEqualTo(78);
        assertThat(errText()).startsWith("schemagate-agent: bad configuration: timeout=soon (agent argument)");
    }

    @Test
    void aSkippedJvmWithABrokenSetupStillRunsSilentlyWhenTheStateFileSaysReady() throws Exception {
        readyStateFile(dir.resolve("s"), "rw-r-----");
        props.setProperty("sun.java.command", "org.apache.catalina.startup.Bootstrap stop");

        assertThat(run("socket=" + dir.resolve("s") + ",timeout=soon")).isEqualTo(0);
        assertThat(errText()).isEmpty();
    }

    @Test
    void anUntrustedStateFileIsNotedOnlyByAJvmThatWaits() throws Exception {
        readyStateFile(dir.resolve("s"), "rw-rw-rw-");
        props.setProperty("sun.java.command", "jdk.jcmd/sun.tools.jcmd.JCmd -l");
        assertThat(run("socket=" + dir.resolve("s"))).isEqualTo(0);
        assertThat(errText())
                .as("a skipped JVM prints nothing, as before the fast path")
                .isEmpty();

        props.setProperty("sun.java.command", "com.example.Orders");
        try (FakeDaemon d = FakeDaemon.start(dir.resolve("s"), FakeDaemon.ready("4"))) {
            assertThat(run("socket=" + dir.resolve("s"))).isEqualTo(0);
            assertThat(d.hellos())
                    .as("the untrusted file sent it to the socket")
                    .hasSize(1);
        }
        assertThat(errText())
                .as("one note, from the ordinary path, not a second from the fast path")
                .startsWith("schemagate-agent: note: ignoring ")
                .containsOnlyOnce("note: ignoring");
    }

    @Test
    void internalErrorsAreCaught() {
        // A Properties that throws stands in for any unexpected failure inside premain.
        Properties broken = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getProperty(String key) {
                throw new IllegalStateException("boom");
            }
        };

        assertThat(Agent.run("socket=/s", broken, Map.of(), err)).isEqualTo(70);
        assertThat(errText())
                .isEqualTo("schemagate-agent: internal error: java.lang.IllegalStateException: boom;"
                        + " action: report this as a schemagate bug" + System.lineSeparator());
    }
}
