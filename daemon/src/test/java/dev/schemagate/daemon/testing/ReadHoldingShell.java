package dev.schemagate.daemon.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An external reader: the real sqlite3 shell inside an open read transaction, holding SQLite's SHARED lock until
 * released. In rollback-journal (DELETE) mode a writer's COMMIT must wait until it is gone.
 */
public final class ReadHoldingShell implements AutoCloseable {
    private final Process process;

    private ReadHoldingShell(Process process) {
        this.process = process;
    }

    /** Starts sqlite3 on {@code db}, reads {@code table} inside BEGIN, and returns once the read has run. */
    public static ReadHoldingShell hold(Path db, String table) throws IOException {
        Process p = new ProcessBuilder(Sqlite3.path(), "-bail", db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ReadHoldingShell shell = new ReadHoldingShell(p);
        shell.send("BEGIN;\nSELECT 'read ' || count(*) FROM " + table + ";\n");
        // The shell prints the result only after the SELECT ran: from then on it holds SHARED until the transaction
        // ends.
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("read ")) {
            p.destroyForcibly();
            throw new AssertionError("sqlite3 did not run the read on " + db + ": " + line);
        }
        return shell;
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the read transaction, which releases SHARED, and lets the shell exit. */
    public void release() throws IOException {
        send("COMMIT;\n.quit\n");
    }

    private void send(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
