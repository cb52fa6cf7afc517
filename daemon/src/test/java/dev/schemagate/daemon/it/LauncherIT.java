package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.testing.RepoRoot;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/bin/schemagate} installed as the deploy README says ({@code /opt/schemagate/bin/schemagate} beside
 * {@code /opt/schemagate/schemagate.jar}), run on the real JVM: it migrates, the JVM runs with the launcher's options,
 * and the jar's exit code comes back through it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void migrateThroughTheLauncherAppliesOnC1WithTheSerialCollectorAndAFailureKeepsItsExitCode() throws Exception {
        Path opt = Files.createDirectories(dir.resolve("opt/schemagate/bin"));
        Path launcher = Files.copy(RepoRoot.path().resolve("deploy/bin/schemagate"), opt.resolve("schemagate"));
        Files.copy(SchemagateProcess.jar(), opt.resolveSibling("schemagate.jar"));
        Path migrations = Files.createDirectories(dir.resolve("the migrations"));
        Sqlite.write(migrations, "V1__a.sql", "CREATE TABLE a (x INTEGER);");
        Sqlite.write(migrations, "V2__b.sql", "CREATE TABLE b (y INTEGER);");
        Path db = dir.resolve("app.db");

        String out = run(launcher, 0, "migrate", "--db", db.toString(), "--migrations", migrations.toString());
        assertThat(out).contains("applied 2 migrations to " + db + "; now at version 2");
        assertThat(out)
                .as("the JVM's own account of its flags (-XX:+PrintCommandLineFlags from SCHEMAGATE_JAVA_OPTS)")
                .contains("-XX:TieredStopAtLevel=1")
                .contains("-XX:+UseSerialGC");
        assertThat(Sqlite.rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
                .containsExactly("a", "b", "schemagate_history");

        Sqlite.write(migrations, "V3__c.sql", "INSERT INTO nope VALUES (1);");
        String failed = run(launcher, 70, "migrate", "--db", db.toString(), "--migrations", migrations.toString());
        assertThat(failed).contains("V3__c.sql").contains("no such table: nope");
        assertThat(Sqlite.rows(db, "SELECT max(version) FROM schemagate_history"))
                .containsExactly("2");
    }

    /** Runs the launcher with JAVA_HOME set to this JVM's; its stdout and stderr together. */
    private String run(Path launcher, int expectedExit, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "launcher", ".log");
        ProcessBuilder pb = new ProcessBuilder(concat(launcher.toString(), args))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Nothing from the caller's shell may pick another jar or add the flags this test looks for.
        pb.environment().keySet().removeAll(List.of("SCHEMAGATE_JAR", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SCHEMAGATE_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isEqualTo(expectedExit);
        return text;
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
