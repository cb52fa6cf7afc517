package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.protocol.StateFile;
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
class StateFileCheckTest {
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

    private int check(String requires) {
        return new StateFileCheck(new GateOptions(socket, 1000, requires, "t", "schemagate-agent"), err).read();
    }

    private Path write(String text, String mode) throws Exception {
        Path file = StateFile.pathFor(socket);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noFileMeansAskTheDaemonSilently() {
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
        assertThat(err()).isEmpty();
    }

    @Test
    void aTrustedFileNamingALiveDaemonReleasesAtOnce() throws Exception {
        write(StateFile.ready("7", ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        StateFileCheck check = new StateFileCheck(new GateOptions(socket, 1000, null, "t", "schemagate-agent"), err);
        assertThat(check.read()).isEqualTo(StateFileCheck.READY);
        assertThat(check.version()).isEqualTo("7");
        assertThat(err()).isEmpty();
        // A live daemon that is still working is worth watching; FAILED is a matter for the socket.
        for (String state : new String[] {"STARTING", "LOCKING", "MIGRATING"}) {
            write(new StateFile(state, null, ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
            assertThat(check(null)).as(state).isEqualTo(StateFileCheck.WORKING);
        }
        write(new StateFile("FAILED", null, ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
    }

    @Test
    void requiresIsHonouredNumerically() throws Exception {
        write(StateFile.ready("1.10", ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        assertThat(check("1.9")).isEqualTo(StateFileCheck.READY);
        assertThat(check("1.10")).isEqualTo(StateFileCheck.READY);
        assertThat(check("1.11")).isEqualTo(StateFileCheck.ASK);
        assertThat(check("2")).isEqualTo(StateFileCheck.ASK);
    }

    @Test
    void aDeadDaemonsFileIsIgnored() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long start = StateFile.startTimeOf(p.pid());
        p.waitFor();
        write(StateFile.ready("7", p.pid(), Math.max(start, 1)).format(), "rw-r-----");
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
    }

    @Test
    void aReusedPidIsIgnored() throws Exception {
        // Another live process holds the pid, but it started at another time than the file says.
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            long start = StateFile.startTimeOf(other.pid());
            assertThat(start).isPositive();
            write(StateFile.ready("7", other.pid(), start - 1).format(), "rw-r-----");
            assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
            write(StateFile.ready("7", other.pid(), start).format(), "rw-r-----");
            assertThat(check(null))
                    .as("same pid and start time: that process is the daemon")
                    .isEqualTo(StateFileCheck.READY);
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aFileWritableByOthersIsIgnoredWithANote() throws Exception {
        write(StateFile.ready("7", ME, StateFile.startTimeOf(ME)).format(), "rw-rw-rw-");
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
        assertThat(err())
                .isEqualTo("schemagate-agent: note: ignoring " + StateFile.pathFor(socket)
                        + " (writable by group or others (mode 666)); asking the daemon over its socket"
                        + System.lineSeparator());
    }

    @Test
    void aFileOwnedBySomeoneElseIsIgnoredWithANote() throws Exception {
        Path file = write(StateFile.ready("7", ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        Files.setAttribute(file, "unix:uid", 65534);
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
        assertThat(err())
                .contains("ignoring " + file + " (owned by uid 65534, neither root nor the owner of its folder");
    }

    @Test
    void aFolderWritableByOthersIsNotTrusted() throws Exception {
        write(StateFile.ready("7", ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
        assertThat(err()).contains("is writable by group or others");
    }

    @Test
    void aSymlinkIsNotTrusted() throws Exception {
        Path real = dir.resolve("elsewhere");
        Files.writeString(
                real, StateFile.ready("7", ME, StateFile.startTimeOf(ME)).format());
        Files.createSymbolicLink(StateFile.pathFor(socket), real);
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
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
            long start = StateFile.startTimeOf(other.pid());
            write(StateFile.ready("7", other.pid(), start).format(), "rw-r-----");
            assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aTornOrForeignTextIsIgnored() throws Exception {
        write("READY version=7 pid=" + ME, "rw-r-----");
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
        write("LOCKING pid=" + ME + "\n", "rw-r-----");
        assertThat(check(null)).isEqualTo(StateFileCheck.ASK);
    }

    @Test
    void gateReturnsReadyFromTheFileWithoutASocket() throws Exception {
        write(StateFile.ready("3", ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        GateOutcome outcome = Gate.await(new GateOptions(socket, 5000, null, "t", "schemagate-agent"), err);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.version()).isEqualTo("3");
        assertThat(outcome.reason()).isEqualTo("schema ready at version 3");
        assertThat(socket).doesNotExist();
    }

    @Test
    void gateWatchesAWorkingDaemonsFileUntilItSaysReady() throws Exception {
        write(new StateFile("MIGRATING", null, ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        Thread daemon = new Thread(() -> {
            try {
                Thread.sleep(300); // the "daemon" finishes its run a little later
                Path tmp = dir.resolve("tmp");
                Files.writeString(
                        tmp, StateFile.ready("4", ME, StateFile.startTimeOf(ME)).format());
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r-----"));
                Files.move(tmp, StateFile.pathFor(socket), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        daemon.start();
        GateOutcome outcome = Gate.await(new GateOptions(socket, 5000, null, "t", "schemagate-agent"), err);
        daemon.join();
        assertThat(outcome.exitCode()).as(outcome.toString()).isZero();
        assertThat(outcome.version()).isEqualTo("4");
    }

    @Test
    void gateAsksTheSocketOnceTheWatchWindowPassesAndCountsTheWindowInItsTimeout() throws Exception {
        write(new StateFile("LOCKING", null, ME, StateFile.startTimeOf(ME)).format(), "rw-r-----");
        long t0 = System.nanoTime();
        GateOutcome outcome = Gate.await(new GateOptions(socket, 3000, null, "t", "schemagate-agent"), err);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // Nobody listens on the socket: exit 69 at the 3 s deadline, which counts from the start of the watch.
        assertThat(outcome.exitCode()).as(outcome.toString()).isEqualTo(69);
        assertThat(ms).isBetween(2900L, 6000L);
    }
}
