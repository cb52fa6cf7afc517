package dev.schemagate.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.Sqlite3;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Finds the real sqlite3 shell holding the write lock, in rollback-journal and WAL mode. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockHolderProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void destroyShells() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void findsTheDeleteModeWriterButNotTheReader() throws Exception {
        checkWriterIsFoundAndReaderIsNot(createDatabase("delete.db", "delete"), false);
    }

    @Test
    void findsTheWalModeWriterButNotTheReader() throws Exception {
        checkWriterIsFoundAndReaderIsNot(createDatabase("wal.db", "wal"), true);
    }

    @Test
    void findsAnExclusiveLockingModeWriter() throws Exception {
        Path db = createDatabase("exclusive.db", "delete");
        Process writer = shell(db, "PRAGMA locking_mode=EXCLUSIVE;\nBEGIN EXCLUSIVE;\nCREATE TABLE u(x);\n");
        awaitWriters(db, writer.pid());
        send(writer, "COMMIT;\n");
        // locking_mode=EXCLUSIVE keeps the lock after COMMIT until the connection closes: that is still a writer.
        awaitWriters(db, writer.pid());
        quit(writer);
        assertThat(LockHolderFinder.writersOf(db)).isEmpty();
    }

    private void checkWriterIsFoundAndReaderIsNot(Path db, boolean wal) throws Exception {
        Process reader = shell(db, "BEGIN;\nSELECT * FROM t;\n");
        // Only once the reader's lock is visible does "no writer" say something.
        await().atMost(DEADLINE).until(() -> holdsAnyLock(reader.pid()));
        assertThat(LockHolderFinder.writersOf(db)).isEmpty();

        Process writer = shell(db, "BEGIN IMMEDIATE;\nCREATE TABLE u(x);\n");
        awaitWriters(db, writer.pid());
        // Proves which path ran: only WAL mode has the -shm file whose byte 120 marks the writer.
        assertThat(Files.exists(db.resolveSibling(db.getFileName() + "-shm"))).isEqualTo(wal);
        assertThat(LockHolderFinder.writersOf(db).get(0).commandLine())
                .contains("sqlite3")
                .contains(db.toString());

        // In DELETE mode COMMIT would fail with SQLITE_BUSY while a reader is open, so end the reader first.
        quit(reader);
        send(writer, "COMMIT;\n");
        await().atMost(DEADLINE)
                .untilAsserted(() -> assertThat(LockHolderFinder.writersOf(db)).isEmpty());
        String errors = quit(writer);
        assertThat(errors).as("sqlite3 stderr").isEmpty();
        assertThat(runShell(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'u';\n"))
                .isEqualTo("1");
    }

    private void awaitWriters(Path db, long pid) {
        await().atMost(DEADLINE)
                .untilAsserted(() -> assertThat(LockHolderFinder.writersOf(db))
                        .singleElement()
                        .satisfies(h -> assertThat(h.pid()).isEqualTo(pid))
                        .satisfies(h -> assertThat(h.commandLine()).contains("sqlite3")));
    }

    private static boolean holdsAnyLock(long pid) throws IOException {
        String text = Files.readString(Path.of("/proc/locks"), StandardCharsets.US_ASCII);
        return ProcLocks.parse(text).stream().anyMatch(l -> l.pid() == pid);
    }

    private Path createDatabase(String name, String journalMode) throws Exception {
        Path db = dir.resolve(name);
        // journal_mode prints the mode it ended up in; WAL persists in the file for later connections.
        String mode = runShell(
                db, "PRAGMA journal_mode=" + journalMode + ";\nCREATE TABLE t(x);\nINSERT INTO t VALUES (1);\n");
        assertThat(mode).isEqualTo(journalMode);
        return db;
    }

    /** Starts sqlite3 on {@code db}, sends {@code script}, and keeps stdin open so the transaction stays open. */
    private Process shell(Path db, String script) throws IOException {
        Process p = new ProcessBuilder(Sqlite3.path(), db.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr-" + started.size() + ".txt").toFile())
                .start();
        started.add(p);
        send(p, script);
        return p;
    }

    private static void send(Process p, String text) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes stdin so sqlite3 exits, and returns what it wrote on stderr. */
    private String quit(Process p) throws Exception {
        p.getOutputStream().close();
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("sqlite3 exited")
                .isTrue();
        return Files.readString(dir.resolve("stderr-" + started.indexOf(p) + ".txt"))
                .trim();
    }

    private String runShell(Path db, String script) throws Exception {
        Process p = new ProcessBuilder(Sqlite3.path(), db.toString())
                .redirectErrorStream(true)
                .start();
        started.add(p);
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("sqlite3 output: %s", out).isZero();
        return out;
    }
}
