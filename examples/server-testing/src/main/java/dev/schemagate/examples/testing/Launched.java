package dev.schemagate.examples.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One OS process started by a test (a server script, a JVM, the daemon), stdout and stderr appended to one log file
 * so no pipe can fill up and a test can read the log while the process runs.
 */
public final class Launched {
    private final Process process;
    private final List<String> command;
    private final Path log;

    private Launched(Process process, List<String> command, Path log) {
        this.process = process;
        this.command = command;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code workDir} with the test's environment plus {@code env} (a null value removes
     * a variable), its output appended to {@code log}.
     */
    public static Launched start(List<String> command, Map<String, String> env, Path workDir, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // The surrounding build may carry JAVA_TOOL_OPTIONS or the agent's own settings; a test states its own.
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAGATE_"));
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            return new Launched(pb.start(), List.copyOf(command), log);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process and everything it started (a shell script's JVM), for port lookups and clean-up. */
    public Stream<ProcessHandle> tree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    public Path logFile() {
        return log;
    }

    /** What the process wrote so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the exit and returns its code; at the deadline kills the tree and fails with the log. */
    public int awaitExit(Duration deadline) {
        try {
            if (process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        throw new AssertionError("still running after " + deadline + ", killed: " + command + "\n" + describe());
    }

    /** Kills the process and what it started, if still running (clean-up after a test). */
    public void kill() {
        List<ProcessHandle> all = tree().toList();
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Best effort: a process that does not die in 10 s after SIGKILL is not ours to wait for.
            }
        }
    }

    /** The command and the log, for assertion messages. */
    public String describe() {
        return "command: " + String.join(" ", command) + "\n--- " + log + " ---\n" + log();
    }

    @Override
    public String toString() {
        return describe();
    }
}
