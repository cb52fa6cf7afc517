package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.protocol.ReadyFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's fast path on real files and real processes: READY only when the file can be trusted. */
class ReadyFileCheckTest {
    private static final long ME = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private Path socket;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void setUp() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        socket = dir.resolve("sg.sock");
    }

    private GateOutcome check(String requires) {
        return ReadyFileCheck.tryReady(new GateOptions(socket, 1000, requires, "t", "schemagate-agent"), err, 0);
    }

    private Path write(String text, String mode) throws Exception {
        Path file = ReadyFile.pathFor(socket);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noFileMeansAskTheDaemonSilently() {
        assertThat(check(null)).isNull();
        assertThat(err()).isEmpty();
    }

    @Test
    void aTrustedFileNamingALiveDaemonReleasesAtOnce() throws Exception {
        write(new ReadyFile("7", ME, ReadyFile.startTimeOf(ME)).format(), "rw-r-----");
        GateOutcome outcome = check(null);
        assertThat(outcome).isNotNull();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.version()).isEqualTo("7");
        assertThat(outcome.reason()).isEqualTo("schema ready at version 7");
        assertThat(err()).isEmpty();
    }

    @Test
    void requiresIsHonouredNumerically() throws Exception {
        write(new ReadyFile("1.10", ME, ReadyFile.startTimeOf(ME)).format(), "rw-r-----");
        assertThat(check("1.9")).isNotNull();
        assertThat(check("1.10")).isNotNull();
        assertThat(check("1.11")).isNull();
        assertThat(check("2")).isNull();
    }

    @Test
    void aDeadDaemonsFileIsIgnored() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long start = ReadyFile.startTimeOf(p.pid());
        p.waitFor();
        write(new ReadyFile("7", p.pid(), Math.max(start, 1)).format(), "rw-r-----");
        assertThat(check(null)).isNull();
    }

    @Test
    void aReusedPidIsIgnored() throws Exception {
        // Another live process holds the pid, but it started at another time than the file says.
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            long start = ReadyFile.startTimeOf(other.pid());
            assertThat(start).isPositive();
            write(new ReadyFile("7", other.pid(), start - 1).format(), "rw-r-----");
            assertThat(check(null)).isNull();
            write(new ReadyFile("7", other.pid(), start).format(), "rw-r-----");
            assertThat(check(null))
                    .as("same pid and start time: that process is the daemon")
                    .isNotNull();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aFileWritableByOthersIsIgnoredWithANote() throws Exception {
        write(new ReadyFile("7", ME, ReadyFile.startTimeOf(ME)).format(), "rw-rw-rw-");
        assertThat(check(null)).isNull();
        assertThat(err())
                .isEqualTo("schemagate-agent: note: ignoring " + ReadyFile.pathFor(socket)
                        + " (writable by group or others (mode 666)); asking the daemon over its socket"
                        + System.lineSeparator());
    }

    @Test
    void aFileOwnedBySomeoneElseIsIgnoredWithANote() throws Exception {
        Path file = write(new ReadyFile("7", ME, ReadyFile.startTimeOf(ME)).format(), "rw-r-----");
        Files.setAttribute(file, "unix:uid", 65534);
        assertThat(check(null)).isNull();
        assertThat(err())
                .contains("ignoring " + file + " (owned by uid 65534, neither root nor the owner of its folder");
    }

    @Test
    void aFolderWritableByOthersIsNotTrusted() throws Exception {
        write(new ReadyFile("7", ME, ReadyFile.startTimeOf(ME)).format(), "rw-r-----");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(check(null)).isNull();
        assertThat(err()).contains("is writable by group or others");
    }

    @Test
    void aSymlinkIsNotTrusted() throws Exception {
        Path real = dir.resolve("elsewhere");
        Files.writeString(real, new ReadyFile("7", ME, ReadyFile.startTimeOf(ME)).format());
        Files.createSymbolicLink(ReadyFile.pathFor(socket), real);
        assertThat(check(null)).isNull();
        assertThat(err()).contains("not a regular file");
    }

    @Test
    void aDaemonOfAnotherUserDoesNotVouchForAFileOfRoot() throws Exception {
        // The file is root's, but the process it names runs as uid 65534: not the writer's own daemon.
        Process other = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "30")
                .start();
        try {
            // setpriv changes its uid, then execs sleep in the same process: wait until /proc shows uid 65534.
            Path proc = Path.of("/proc", Long.toString(other.pid()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> (Integer) Files.getAttribute(proc, "unix:uid") == 65534
                            && Files.readString(proc.resolve("comm")).trim().equals("sleep"));
            long start = ReadyFile.startTimeOf(other.pid());
            write(new ReadyFile("7", other.pid(), start).format(), "rw-r-----");
            assertThat(check(null)).isNull();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aTornOrForeignTextIsIgnored() throws Exception {
        write("READY version=7 pid=" + ME, "rw-r-----");
        assertThat(check(null)).isNull();
        write("LOCKING\n", "rw-r-----");
        assertThat(check(null)).isNull();
    }
}
