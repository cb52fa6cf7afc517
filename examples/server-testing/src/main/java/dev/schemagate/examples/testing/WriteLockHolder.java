package dev.schemagate.examples.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Another writer: the real {@code sqlite3} shell inside {@code BEGIN IMMEDIATE}, holding SQLite's write lock until
 * closed, so a daemon started meanwhile is certainly LOCKING (no timing luck involved).
 */
public final class WriteLockHolder implements AutoCloseable {
    private static final String HELD = "schemagate-test: write lock held";

    private final Process shell;

    private WriteLockHolder(Process shell) {
        this.shell = shell;
    }

    /** Returns once the shell holds the write lock on {@code db} (it printed a marker after BEGIN IMMEDIATE). */
    public static WriteLockHolder hold(Path db) throws IOException {
        Path sqlite3 = Tools.onPath("sqlite3", "sqlite3");
        Process p = new ProcessBuilder(sqlite3.toString(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        WriteLockHolder holder = new WriteLockHolder(p);
        Writer in = holder.input();
        // The CREATE makes the transaction a writer at once; .print runs only after both statements succeeded.
        in.write("BEGIN IMMEDIATE;\nCREATE TABLE IF NOT EXISTS held_by_shell(x);\n.print " + HELD + "\n");
        in.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals(HELD)) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (!held.get(30, TimeUnit.SECONDS)) {
                throw new AssertionError("sqlite3 did not take the write lock on " + db);
            }
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("sqlite3 did not confirm the write lock on " + db + " within 30 s", e);
        }
        return holder;
    }

    public long pid() {
        return shell.pid();
    }

    private Writer input() {
        return new java.io.OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Rolls the transaction back and ends the shell. */
    @Override
    public void close() throws IOException {
        try {
            Writer in = input();
            in.write("ROLLBACK;\n.quit\n");
            in.flush();
        } catch (IOException e) {
            // The shell is gone already; the kernel released its lock with it.
        }
        try {
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (InterruptedException e) {
            shell.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
