package dev.schemagate.daemon.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds gunicorn on PATH and the Python interpreter that runs it (its shebang), and checks that this interpreter
 * has Flask. {@code python3} on PATH may be another Python (pyenv) without Flask; gunicorn's own interpreter is the
 * one the example app runs on. Fails, never skips, when something is missing.
 */
public final class FlaskPython {
    static final String INSTALL = "; install them (Debian: apt-get install python3-flask gunicorn; .ci/run does)";

    private FlaskPython() {}

    /** The gunicorn executable found on PATH. */
    public static Path gunicorn() {
        return onPath("gunicorn");
    }

    /** The interpreter named by gunicorn's shebang line, after checking that it imports flask. */
    public static Path python() {
        Path gunicorn = gunicorn();
        String shebang;
        try (BufferedReader r = Files.newBufferedReader(gunicorn, StandardCharsets.ISO_8859_1)) {
            shebang = r.readLine();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + gunicorn + INSTALL, e);
        }
        if (shebang == null || !shebang.startsWith("#!")) {
            throw new AssertionError(gunicorn + " has no #! line naming its Python" + INSTALL);
        }
        List<String> words = List.of(shebang.substring(2).trim().split("\\s+"));
        Path python = words.get(0).endsWith("/env") && words.size() > 1 ? onPath(words.get(1)) : Path.of(words.get(0));
        int exit;
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import flask")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(python + " -c 'import flask' did not finish within 60 s");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + python + " (from " + gunicorn + "'s #! line)" + INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (exit != 0) {
            throw new AssertionError(python + " (gunicorn's interpreter) cannot import flask" + INSTALL);
        }
        return python;
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(program + " is not on PATH (" + path + ")" + INSTALL);
    }
}
