package dev.schemagate.agent;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real child JVM with the built agent jar and collects its exit code, stdout and stderr. */
final class ChildJvm {

    static final String JAVA = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";

    /** Exit code and output of a finished child. */
    record Result(int exitCode, String stdout, String stderr, long millis) {
        List<String> agentLines() {
            return stderr.lines().filter(l -> l.startsWith("schemagate-agent:")).toList();
        }
    }

    private ChildJvm() {}

    static Path agentJar() {
        String jar = System.getProperty("schemagate.agent.jar");
        if (jar == null) {
            throw new IllegalStateException("system property schemagate.agent.jar is not set; run through failsafe");
        }
        return Path.of(jar);
    }

    static Path testClasses() {
        return Path.of(System.getProperty("schemagate.test.classes", "target/test-classes"));
    }

    /** {@code java -javaagent:AGENT=agentArgs -cp test-classes GatedApp}. */
    static Result runApp(String java, String agentArgs, Path workDir) throws Exception {
        return run(appCommand(java, List.of("-javaagent:" + agentJar() + "=" + agentArgs)), Map.of(), workDir);
    }

    /** {@code java JVM_OPTIONS -cp test-classes GatedApp}. */
    static List<String> appCommand(String java, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(testClasses().toString());
        cmd.add(GatedApp.class.getName());
        return cmd;
    }

    static Result run(List<String> cmd, Map<String, String> env, Path workDir) throws Exception {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        // The test JVM's own JAVA_TOOL_OPTIONS or SCHEMAGATE_* must not leak into the child.
        pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAGATE_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM did not exit within 60 s: " + cmd);
            }
        } finally {
            p.destroyForcibly();
        }
        long millis = (System.nanoTime() - start) / 1_000_000L;
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                millis);
    }
}
