package dev.schemagate.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code sqlite3} command-line shell, as an independent oracle and as a second process holding locks.
 *
 * <p>Tests that need it fail (never skip) when it is missing: CI installs it, and a skipped oracle proves nothing.
 */
public final class Sqlite3 {
    private Sqlite3() {}

    /** The shell's path, found on PATH; fails with the fix when it is not installed. */
    public static String path() {
        return Executables.onPath("sqlite3", "apt-get install -y sqlite3").toString();
    }

    /**
     * The database's logical content as {@code sqlite3 db .dump} prints it: schema and every row, wherever SQLite
     * keeps them (main file or a WAL), so two dumps are equal exactly when the two databases hold the same thing.
     */
    public static String dump(Path db) {
        return command(db.toString(), ".dump");
    }

    /**
     * Runs one command ({@code .dump}, or one SQL statement) with {@code sqlite3 -bail database COMMAND}, where
     * {@code database} may be a URI ({@code file:app.db?immutable=1}); fails on a non-zero exit or any output on
     * stderr. Returns stdout.
     */
    public static String command(String database, String command) {
        try {
            // stderr goes to the system's temporary folder: the database's own folder may be full or read-only.
            Path err = Files.createTempFile("sqlite3-", ".err");
            try {
                Process p = new ProcessBuilder(path(), "-bail", database, command)
                        .redirectError(err.toFile())
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("sqlite3 " + database + " " + command + " still running after 60s");
                }
                String errors = Files.readString(err);
                if (p.exitValue() != 0 || !errors.isEmpty()) {
                    throw new AssertionError(
                            "sqlite3 " + database + " " + command + ": exit " + p.exitValue() + "\n" + errors);
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code sqlite3 -bail db < script}; fails on a non-zero exit or any output on stderr. Returns stdout. */
    public static String run(Path db, Path script) {
        try {
            Path err = Files.createTempFile(db.toAbsolutePath().getParent(), "sqlite3-", ".err");
            Process p = new ProcessBuilder(path(), "-bail", db.toString())
                    .redirectInput(script.toFile())
                    .redirectError(err.toFile())
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("sqlite3 still running after 60s on " + script);
            }
            String errors = Files.readString(err);
            if (p.exitValue() != 0 || !errors.isEmpty()) {
                throw new AssertionError("sqlite3 " + db + " < " + script + ": exit " + p.exitValue() + "\n" + errors);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
