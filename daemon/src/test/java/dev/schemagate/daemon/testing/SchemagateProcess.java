package dev.schemagate.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One real {@code java -jar schemagate.jar ...} OS process, started with the test's own java binary, its stdout and
 * stderr going to files (so no pipe can fill up and stall it, and a test can read stderr while it runs).
 *
 * <p>The jar comes from the system property {@code schemagate.jar}, which failsafe sets after {@code package}.
 */
public final class SchemagateProcess {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Process process;
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;

    private SchemagateProcess(Process process, List<String> command, Path stdout, Path stderr) {
        this.process = process;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The shaded jar under test; fails (never skips) when the build did not provide it. */
    public static Path jar() {
        String property = System.getProperty("schemagate.jar");
        if (property == null || property.isBlank()) {
            throw new AssertionError("system property schemagate.jar is not set: run these tests through failsafe"
                    + " (./mvnw -pl daemon -am verify), which passes daemon/target/schemagate.jar");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("schemagate.jar=" + jar + " does not exist: run 'package' first");
        }
        return jar;
    }

    /** The java binary running this test, so child JVMs use the same JDK. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code java -jar schemagate.jar args...}; output files are written into {@code outputDir}. */
    public static SchemagateProcess start(Path outputDir, String... args) {
        return start(outputDir, List.of(), args);
    }

    /** Starts {@code java jvmOptions... -jar schemagate.jar args...}. */
    public static SchemagateProcess start(Path outputDir, List<String> jvmOptions, String... args) {
        List<String> javaArgs = new ArrayList<>(jvmOptions);
        javaArgs.addAll(List.of("-jar", jar().toString()));
        javaArgs.addAll(List.of(args));
        return java(outputDir, javaArgs);
    }

    /**
     * Starts {@code java -jar schemagate.jar args...} with {@code SCHEMAGATE_*} variables exactly as given: none is
     * inherited from the test's own environment, so the test alone decides what the process reads.
     */
    public static SchemagateProcess start(Path outputDir, Map<String, String> schemagateEnv, String... args) {
        List<String> javaArgs = new ArrayList<>(List.of("-jar", jar().toString()));
        javaArgs.addAll(List.of(args));
        return java(outputDir, List.of(), javaArgs, env -> {
            env.keySet().removeIf(name -> name.startsWith("SCHEMAGATE_"));
            env.putAll(schemagateEnv);
        });
    }

    /** The agent jar built by the agent module; fails (never skips) when the build did not provide it. */
    public static Path agentJar() {
        Path jar = Path.of(System.getProperty("schemagate.agent.jar", "../agent/target/schemagate-agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the agent jar " + jar.toAbsolutePath() + " does not exist: run 'package' first");
        }
        return jar;
    }

    /** Starts {@code java args...} with the test's own JDK (for worker JVMs and other main classes). */
    public static SchemagateProcess java(Path outputDir, List<String> args) {
        return java(outputDir, List.of(), args, env -> {});
    }

    /** As {@link #java(Path, List)}, with {@code extra} added to the environment. */
    public static SchemagateProcess java(Path outputDir, Map<String, String> extra, List<String> args) {
        return java(outputDir, List.of(), args, env -> env.putAll(extra));
    }

    /**
     * Starts {@code prefix... java args...}: the prefix is a command that runs the JVM in another context, such as
     * {@code setpriv --reuid=65534 --regid=65534 --clear-groups} to run it as another user.
     */
    public static SchemagateProcess javaAs(Path outputDir, List<String> prefix, List<String> args) {
        return java(outputDir, prefix, args, env -> {});
    }

    private static SchemagateProcess java(
            Path outputDir, List<String> prefix, List<String> args, Consumer<Map<String, String>> env) {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaBinary());
        command.addAll(args);
        int n = COUNTER.incrementAndGet();
        Path out = outputDir.resolve("schemagate-" + n + ".out");
        Path err = outputDir.resolve("schemagate-" + n + ".err");
        try {
            Files.createDirectories(outputDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            env.accept(builder.environment());
            Process process = builder.start();
            return new SchemagateProcess(process, List.copyOf(command), out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command, e);
        }
    }

    /** Starts the command and waits for it to end within {@code deadline}. */
    public static Result run(Path outputDir, Duration deadline, String... args) {
        return start(outputDir, args).await(deadline);
    }

    /**
     * Waits for the process to exit; on the deadline it kills the process and fails with what it wrote so far.
     */
    public Result await(Duration deadline) {
        boolean exited;
        try {
            exited = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
        if (!exited) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + deadline + ", killed: " + command + "\nstdout:\n"
                    + stdout() + "\nstderr:\n" + stderr());
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** What the process wrote on stdout so far. */
    public String stdout() {
        return read(stdout);
    }

    /** What the process wrote on stderr so far. */
    public String stderr() {
        return read(stderr);
    }

    /** Sends signal {@code name} (HUP, TERM, ...) with the real kill(1), as systemctl reload or stop would. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill(1)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the process if it is still running (for clean-up after a failed test). */
    public void destroy() {
        process.destroyForcibly();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** How a finished process ended; {@link #toString()} shows everything, for assertion messages. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
