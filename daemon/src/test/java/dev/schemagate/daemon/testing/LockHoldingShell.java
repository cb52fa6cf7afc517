package dev.schemagate.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.lock.LockHolderFinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An external writer: the real sqlite3 shell inside {@code BEGIN IMMEDIATE}, holding the write lock until closed.
 *
 * <p>It is another OS process on purpose: the lock error must name the holder's pid, not ours.
 */
public final class LockHoldingShell implements AutoCloseable {
    private final Process process;

    private LockHoldingShell(Process process) {
        this.process = process;
    }

    /** Starts sqlite3 on {@code db}, begins a write transaction, and returns once the kernel shows its lock. */
    public static LockHoldingShell hold(Path db) throws IOException {
        Process p = new ProcessBuilder(Sqlite3.path(), db.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        LockHoldingShell shell = new LockHoldingShell(p);
        shell.send("BEGIN IMMEDIATE;\nCREATE TABLE IF NOT EXISTS held_by_shell(x);\n");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(LockHolderFinder.writersOf(db))
                        .extracting(h -> h.pid())
                        .containsExactly(p.pid()));
        return shell;
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the transaction (rolling it back) and lets the shell exit. */
    public void release() throws IOException {
        send("ROLLBACK;\n.quit\n");
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
