package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supplementary groups from /proc/PID/status, and the pid-reuse guard. */
class PeerGroupsTest {
    static final String STATUS = "Name:\tjava\nPid:\t4242\nUid:\t1000\t1001\t1001\t1001\nGid:\t1000\t1000\t1000\t1000\n"
            + "FDSize:\t64\nGroups:\t27 998 4242 \nNStgid:\t4242\n";

    @TempDir
    Path proc;

    @Test
    void readsTheGroupsLineWhenTheEffectiveUidMatches() {
        assertThat(PeerGroups.parse(STATUS, 1001)).containsExactlyInAnyOrder(27, 998, 4242);
    }

    @Test
    void trustsNothingWhenThePidNowBelongsToAnotherUser() {
        // The client exited and its pid went to someone else's process: its groups are not the client's.
        assertThat(PeerGroups.parse(STATUS, 1000)).isEmpty();
        assertThat(PeerGroups.parse(STATUS.replace("Groups:\t27 998 4242 ", "Groups:\t27 x"), 1001))
                .isEmpty();
    }

    @Test
    void aProcessWithoutSupplementaryGroupsOrAGonePidHasNone() throws IOException {
        assertThat(PeerGroups.parse(STATUS.replace("Groups:\t27 998 4242 ", "Groups:\t"), 1001))
                .isEmpty();
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242").resolve("status"), STATUS);
        PeerGroups groups = new PeerGroups(proc);
        assertThat(groups.of(new PeerIdentity(4242, 1001, 1000))).contains(4242);
        assertThat(groups.of(new PeerIdentity(4243, 1001, 1000))).isEmpty();
        assertThat(groups.of(new PeerIdentity(0, 1001, 1000))).isEmpty();
    }

    @Test
    void theRealProcOfThisJvmIsRead() {
        PeerGroups groups = PeerGroups.system();
        int pid = (int) ProcessHandle.current().pid();
        // This JVM's own status file: its uid matches, so whatever Groups: holds is returned (maybe nothing).
        assertThat(PeerGroups.parse(readSelf(pid), uid())).isEqualTo(groups.of(new PeerIdentity(pid, uid(), 0)));
    }

    private static String readSelf(int pid) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), "status"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
