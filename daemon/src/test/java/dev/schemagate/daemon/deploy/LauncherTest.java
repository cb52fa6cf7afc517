package dev.schemagate.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.RepoRoot;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/bin/schemagate} under the real {@code /bin/sh}, installed as the deploy README says, with a stand-in
 * {@code java} that writes down the arguments it got: which java runs, with which options, which jar, and that every
 * argument arrives intact. {@code LauncherIT} runs it on the real JVM and jar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherTest {
    static final Path SCRIPT = RepoRoot.path().resolve("deploy/bin/schemagate");

    @TempDir
    Path dir;

    Path opt;
    Path fakeJdk;
    Path argsFile;

    @BeforeEach
    void install() throws IOException {
        // Blanks in every folder: the script must quote each path it handles.
        opt = Files.createDirectories(dir.resolve("o p t/schemagate"));
        Files.copy(SCRIPT, Files.createDirectories(opt.resolve("bin")).resolve("schemagate"));
        Files.writeString(opt.resolve("schemagate.jar"), "not opened by the stand-in java");
        argsFile = dir.resolve("java.args");
        fakeJdk = dir.resolve("a jdk");
        Path java = Files.createDirectories(fakeJdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + argsFile + "'\nexit 42\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void itRunsTheJarBesideItsFolderOnJavaHomesJavaWithC1AndTheSerialCollectorAndPassesTheExitCode() throws Exception {
        Run run = run(
                opt.resolve("bin/schemagate"), Map.of("JAVA_HOME", fakeJdk.toString()), "migrate", "--db", "a b.db");
        assertThat(run.exit()).as(run.err()).isEqualTo(42);
        assertThat(Files.readAllLines(argsFile))
                .containsExactly(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-jar",
                        opt.resolve("schemagate.jar").toString(),
                        "migrate",
                        "--db",
                        "a b.db");
    }

    @Test
    void aLinkToTheScriptStillFindsTheJarAndExtraOptionsComeAfterItsOwn() throws Exception {
        Path link = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("usr/local/bin")).resolve("schemagate"),
                opt.resolve("bin/schemagate"));
        Run run = run(
                link,
                Map.of("JAVA_HOME", fakeJdk.toString(), "SCHEMAGATE_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=4"),
                "status",
                "");
        assertThat(run.exit()).as(run.err()).isEqualTo(42);
        assertThat(Files.readAllLines(argsFile))
                .as("the later -XX:TieredStopAtLevel wins in HotSpot, so an operator can undo the launcher's")
                .containsExactly(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=4",
                        "-jar",
                        opt.resolve("schemagate.jar").toString(),
                        "status",
                        "");
    }

    @Test
    void withoutJavaHomeTheJavaOnPathRunsAndSchemagateJarNamesTheJar() throws Exception {
        Path jar = Files.writeString(dir.resolve("elsewhere.jar"), "x");
        Run run = run(
                opt.resolve("bin/schemagate"),
                Map.of("PATH", fakeJdk.resolve("bin") + ":/usr/bin:/bin", "SCHEMAGATE_JAR", jar.toString()),
                "validate");
        assertThat(run.exit()).as(run.err()).isEqualTo(42);
        assertThat(Files.readAllLines(argsFile)).containsSubsequence("-jar", jar.toString(), "validate");
    }

    @Test
    void noJavaIsAConfigurationErrorThatSaysWhereItLookedAndWhatToDo() throws Exception {
        Run run = run(
                opt.resolve("bin/schemagate"),
                Map.of("PATH", dir.resolve("empty").toString()),
                "migrate");
        assertThat(run.exit()).isEqualTo(78);
        assertThat(run.err())
                .contains("no java on PATH (" + dir.resolve("empty") + ") and JAVA_HOME is not set")
                .contains("Action: install a Java runtime, 17 or newer, or set JAVA_HOME");
        assertThat(argsFile).doesNotExist();

        Run wrongHome = run(
                opt.resolve("bin/schemagate"),
                Map.of("JAVA_HOME", dir.resolve("nojdk").toString()));
        assertThat(wrongHome.exit()).isEqualTo(78);
        assertThat(wrongHome.err())
                .contains("JAVA_HOME=" + dir.resolve("nojdk") + " has no bin/java")
                .contains("Action: set JAVA_HOME to a Java runtime");
    }

    @Test
    void aMissingJarIsAConfigurationErrorThatNamesThePath() throws Exception {
        Files.delete(opt.resolve("schemagate.jar"));
        Run run = run(opt.resolve("bin/schemagate"), Map.of("JAVA_HOME", fakeJdk.toString()), "migrate");
        assertThat(run.exit()).isEqualTo(78);
        assertThat(run.err())
                .contains(opt.resolve("schemagate.jar") + " does not exist")
                .contains("or set SCHEMAGATE_JAR to it");
        assertThat(argsFile).doesNotExist();
    }

    @Test
    void foundOnPathByAShellItStillFindsItsJarButRunAsShWithABareNameItSaysWhyItCannot() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("usr bin"));
        Files.createSymbolicLink(bin.resolve("schemagate"), opt.resolve("bin/schemagate"));
        Run found = runIn(
                dir,
                List.of("/bin/sh", "-c", "schemagate validate"),
                Map.of("PATH", bin + ":/usr/bin:/bin", "JAVA_HOME", fakeJdk.toString()));
        assertThat(found.exit()).as(found.err()).isEqualTo(42);
        assertThat(Files.readAllLines(argsFile))
                .containsSubsequence("-jar", opt.resolve("schemagate.jar").toString());

        Run bare = runIn(
                opt.resolve("bin"),
                List.of("/bin/sh", "schemagate", "validate"),
                Map.of("JAVA_HOME", fakeJdk.toString()));
        assertThat(bare.exit()).isEqualTo(78);
        assertThat(bare.err())
                .contains("cannot tell where this launcher (schemagate) is installed")
                .contains("Action: run it by its path (/opt/schemagate/bin/schemagate), or set SCHEMAGATE_JAR.");
    }

    @Test
    void extraOptionsAreSplitButNeverGlobbedAgainstTheWorkingFolder() throws Exception {
        Files.writeString(dir.resolve("-Xlog:gcZZZ"), "a file a glob would match");
        Run run = runIn(
                dir,
                List.of(opt.resolve("bin/schemagate").toString(), "status"),
                Map.of("JAVA_HOME", fakeJdk.toString(), "SCHEMAGATE_JAVA_OPTS", "-Xlog:gc*  -Xss1m"));
        assertThat(run.exit()).as(run.err()).isEqualTo(42);
        assertThat(Files.readAllLines(argsFile)).containsSubsequence("-XX:+UseSerialGC", "-Xlog:gc*", "-Xss1m", "-jar");
    }

    record Run(int exit, String err) {}

    /** Runs {@code script args} with only {@code env} (plus PATH=/usr/bin:/bin unless given) in its environment. */
    private Run run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        return runIn(dir, command, env);
    }

    private Run runIn(Path workingDir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }
}
