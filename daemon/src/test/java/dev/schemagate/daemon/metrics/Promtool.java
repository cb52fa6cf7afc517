package dev.schemagate.daemon.metrics;

import dev.schemagate.daemon.testing.Executables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real promtool (Debian package {@code prometheus}); its absence fails the test, it never skips it. */
final class Promtool {
    private Promtool() {}

    /** promtool's exit code and its output lines (stdout and stderr together). */
    record Result(int exit, List<String> lines) {}

    static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + args[0] + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), out.lines().filter(l -> !l.isBlank()).toList());
    }

    private static Path binary() {
        return Executables.onPath("promtool", "apt-get install -y prometheus; CI does this");
    }
}
