package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.StateFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The READY fast path (a trusted state file, the common case of a worker starting) loads from the agent jar only
 * the classes it needs. Each class the application class loader loads from the jar costs every worker JVM's start
 * some 0.3-0.6 M instructions (read, define, verify), and row 5 of BENCHMARKS.md starts 16 of them on 2 cores; the
 * skip rules, the socket client and its options stay in classes loaded only on the other paths. Read off
 * {@code -Xlog:class+load} of real child JVMs on every JDK found.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadyFastPathClassesIT {

    /** What the fast path may load from the agent jar; a class added here should be worth its cost. */
    private static final List<String> ALLOWED = List.of(
            "dev.schemagate.agent.Agent",
            "dev.schemagate.agent.AgentConfig",
            "dev.schemagate.agent.ConfigException", // verified with AgentConfig, which throws it
            "dev.schemagate.agent.DurationText", // only when timeout= is given, as here
            "dev.schemagate.agent.StateFileCheck",
            "dev.schemagate.protocol.StateFile",
            "dev.schemagate.protocol.SchemaVersion");

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.schemagate.agent.TestJdks#forTests")
    void readyThroughTheStateFileLoadsOnlyTheFastPathClasses(TestJdks.Jdk jdk) throws Exception {
        // The state file names this test JVM as the daemon: alive, same user, same start time. No socket listens,
        // so a start that fell back to the socket would end with exit 69 instead of 0.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        Path socket = dir.resolve("d.sock");
        long me = ProcessHandle.current().pid();
        Path stateFile = StateFile.pathFor(socket);
        Files.writeString(
                stateFile, StateFile.ready("4", me, StateFile.startTimeOf(me)).format());
        Files.setPosixFilePermissions(stateFile, PosixFilePermissions.fromString("rw-r-----"));
        Path log = dir.resolve("classes-" + jdk.feature() + ".log");

        ChildJvm.Result r = ChildJvm.run(
                ChildJvm.appCommand(
                        jdk.java().toString(),
                        List.of(
                                "-Xlog:class+load=info:file=" + log,
                                "-javaagent:" + ChildJvm.agentJar() + "=socket=" + socket + ",timeout=3s")),
                Map.of(),
                dir);

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
        assertThat(r.stdout()).contains(GatedApp.MARKER);
        assertThat(r.stderr()).isEmpty();
        String jarName = ChildJvm.agentJar().getFileName().toString();
        List<String> fromAgentJar = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load]") && line.endsWith(jarName))
                .map(line -> line.substring(line.indexOf("[class,load]") + "[class,load]".length())
                        .trim()
                        .split(" ", 2)[0])
                .toList();
        assertThat(fromAgentJar).as("classes loaded from the agent jar").contains("dev.schemagate.agent.Agent");
        assertThat(fromAgentJar).as("classes loaded from the agent jar").isSubsetOf(ALLOWED);
    }
}
