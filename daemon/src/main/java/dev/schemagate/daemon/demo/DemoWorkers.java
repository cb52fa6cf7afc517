package dev.schemagate.daemon.demo;

import dev.schemagate.examples.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the example worker JVMs with the agent, and reads back what each one saw. */
final class DemoWorkers {
    private DemoWorkers() {}

    /** One worker JVM: when it was started, and its process. */
    record Started(String name, long startedAt, Process process, Path stdout, Path stderr) {}

    /** What a worker reported, or why it did not. */
    record Report(
            Started worker, int exitCode, long mainAt, String version, String accounts, List<String> agentLines) {}

    static List<Started> start(int count, Path dir, Path agentJar, Path socket, Path db) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<Started> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "worker-" + i;
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-javaagent:" + agentJar + "=socket=" + socket + ",timeout=60s,app=" + name,
                            "-cp",
                            classPath,
                            Worker.class.getName(),
                            db.toString())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAGATE_") || k.equals("JAVA_TOOL_OPTIONS"));
            started.add(new Started(name, System.currentTimeMillis(), pb.start(), out, err));
        }
        return started;
    }

    static Report await(Started worker, long timeoutSeconds) throws IOException, InterruptedException {
        int exit;
        if (worker.process().waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            exit = worker.process().exitValue();
        } else {
            worker.process().destroyForcibly();
            exit = -1;
        }
        long mainAt = -1;
        String version = null;
        String accounts = null;
        for (String line : Files.readAllLines(worker.stdout())) {
            if (line.startsWith(Worker.MARKER)) {
                mainAt = Long.parseLong(field(line, "main_at"));
                version = field(line, "version");
                accounts = field(line, "accounts");
            }
        }
        List<String> agentLines = new ArrayList<>();
        for (String line : Files.readAllLines(worker.stderr())) {
            if (line.startsWith("schemagate-agent:")) {
                agentLines.add(line);
            }
        }
        return new Report(worker, exit, mainAt, version, accounts, agentLines);
    }

    private static String field(String line, String key) {
        int at = line.indexOf(" " + key + "=");
        if (at < 0) {
            return null;
        }
        int start = at + key.length() + 2;
        int end = line.indexOf(' ', start);
        return end < 0 ? line.substring(start) : line.substring(start, end);
    }
}
