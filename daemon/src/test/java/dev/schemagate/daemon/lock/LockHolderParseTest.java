package dev.schemagate.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing /proc/locks text and picking SQLite's writer out of it, on fixture text. */
class LockHolderParseTest {

    private static final FileId DB = new FileId(0xfe, 0x00, 2146616);
    private static final FileId SHM = new FileId(0xfe, 0x00, 2146620);

    // Captured on Linux 6.18 with sqlite3 3.40.1: a DELETE-mode BEGIN IMMEDIATE writer plus a reader.
    private static final String DELETE_MODE = """
            1: POSIX  ADVISORY  WRITE 3101 fe:00:2146616 1073741825 1073741825
            2: POSIX  ADVISORY  READ 3101 fe:00:2146616 1073741826 1073742335
            3: POSIX  ADVISORY  READ 3113 fe:00:2146616 1073741826 1073742335
            """;

    // Captured the same way in WAL mode: writer 3119, reader 3124.
    private static final String WAL_MODE = """
            1: POSIX  ADVISORY  WRITE 3119 fe:00:2146620 120 120
            2: POSIX  ADVISORY  READ 3119 fe:00:2146620 123 123
            3: POSIX  ADVISORY  READ 3119 fe:00:2146620 128 128
            4: POSIX  ADVISORY  READ 3119 fe:00:2146618 1073741826 1073742335
            5: POSIX  ADVISORY  READ 3124 fe:00:2146620 123 123
            6: POSIX  ADVISORY  READ 3124 fe:00:2146620 128 128
            """;

    @Test
    void parsesAllFieldsOfAPosixLine() {
        assertThat(ProcLocks.parse("1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 1073741825 1073741825\n"))
                .containsExactly(new PosixLock(4242, new FileId(8, 1, 1234567), true, 1073741825L, 1073741825L));
    }

    @Test
    void deviceNumbersAreHex() {
        assertThat(ProcLocks.parse("7: POSIX  ADVISORY  READ 1 fd:1a:99 0 0"))
                .extracting(PosixLock::file)
                .containsExactly(new FileId(0xfd, 0x1a, 99));
    }

    @Test
    void eofEndCoversEverything() {
        PosixLock lock = ProcLocks.parse("1: POSIX  ADVISORY  WRITE 9 08:01:5 1073741824 EOF")
                .get(0);
        assertThat(lock.end()).isEqualTo(Long.MAX_VALUE);
        assertThat(lock.covers(LockHolderFinder.RESERVED_BYTE)).isTrue();
        assertThat(lock.covers(1073741823L)).isFalse();
    }

    @Test
    void skipsBlockedWaitersOfdFlockAndGarbage() {
        String text = """
                1: POSIX  ADVISORY  WRITE 3146 fe:00:2146616 1073741825 1073741825
                1: -> POSIX  ADVISORY  WRITE 3187 fe:00:2146616 1073741825 1073741825
                2: OFDLCK ADVISORY  WRITE -1 fe:00:2146616 1073741825 1073741825
                3: FLOCK  ADVISORY  WRITE 2876 fe:00:2146616 0 EOF
                4: LEASE  ACTIVE    READ 77 fe:00:2146616 0 EOF
                5: POSIX  ADVISORY  WRITE notapid fe:00:2146616 0 EOF
                6: POSIX  ADVISORY  WRITE 12 fe:00 0 EOF
                7: POSIX  ADVISORY  WRITE 13 zz:00:1 0 EOF
                8: POSIX  ADVISORY  WRITE 14 fe:00:1 5 4
                9: POSIX  ADVISORY  WRITE 15 fe:00:1 0
                complete nonsense

                """;
        assertThat(ProcLocks.parse(text)).extracting(PosixLock::pid).containsExactly(3146L);
    }

    @Test
    void deleteModeWriterIsReportedAndReaderIsNot() {
        assertThat(LockHolderFinder.writerPids(ProcLocks.parse(DELETE_MODE), Optional.of(DB), Optional.empty()))
                .containsExactly(3101L);
    }

    @Test
    void exclusiveLockCoveringTheReservedByteCounts() {
        String exclusive = "1: POSIX  ADVISORY  WRITE 3143 fe:00:2146616 1073741824 1073742335\n";
        assertThat(LockHolderFinder.writerPids(ProcLocks.parse(exclusive), Optional.of(DB), Optional.empty()))
                .containsExactly(3143L);
    }

    @Test
    void walWriterIsFoundOnTheShmFile() {
        assertThat(LockHolderFinder.writerPids(ProcLocks.parse(WAL_MODE), Optional.of(DB), Optional.of(SHM)))
                .containsExactly(3119L);
    }

    @Test
    void writeLocksElsewhereDoNotCount() {
        String text = """
                1: POSIX  ADVISORY  WRITE 10 fe:00:2146616 1073741824 1073741824
                2: POSIX  ADVISORY  WRITE 11 fe:00:2146616 1073741826 1073742335
                3: POSIX  ADVISORY  WRITE 12 fe:00:2146620 121 127
                4: POSIX  ADVISORY  WRITE 13 fe:01:2146616 1073741825 1073741825
                5: POSIX  ADVISORY  WRITE 14 fe:00:9999999 1073741825 1073741825
                6: POSIX  ADVISORY  WRITE 15 fe:00:2146616 120 120
                7: POSIX  ADVISORY  WRITE 16 fe:00:2146620 1073741825 1073741825
                """;
        assertThat(LockHolderFinder.writerPids(ProcLocks.parse(text), Optional.of(DB), Optional.of(SHM)))
                .isEmpty();
    }

    @Test
    void readLocksOnTheWriterBytesDoNotCount() {
        String text = """
                1: POSIX  ADVISORY  READ 20 fe:00:2146616 1073741825 1073741825
                2: POSIX  ADVISORY  READ 21 fe:00:2146616 0 EOF
                3: POSIX  ADVISORY  READ 22 fe:00:2146620 120 120
                """;
        assertThat(LockHolderFinder.writerPids(ProcLocks.parse(text), Optional.of(DB), Optional.of(SHM)))
                .isEmpty();
    }

    @Test
    void pidsAreDistinctAndAscending() {
        String text = """
                1: POSIX  ADVISORY  WRITE 900 fe:00:2146620 120 120
                2: POSIX  ADVISORY  WRITE 50 fe:00:2146616 1073741825 1073741825
                3: POSIX  ADVISORY  WRITE 900 fe:00:2146616 0 EOF
                """;
        assertThat(LockHolderFinder.writerPids(ProcLocks.parse(text), Optional.of(DB), Optional.of(SHM)))
                .containsExactly(50L, 900L);
    }

    @Test
    void stDevSplitsLikeGlibc() {
        // 0xfe00 is what stat(2) gives for the device /proc/locks prints as fe:00.
        assertThat(FileId.fromStat(0xfe00L, 5)).isEqualTo(new FileId(0xfe, 0x00, 5));
        assertThat(FileId.fromStat(0x0801L, 5)).isEqualTo(new FileId(8, 1, 5));
        // makedev(0x123, 0x45678) with glibc's encoding: minor's high bits above bit 20, major's above bit 32.
        long dev = (0x45678L & 0xff) | ((0x123L & 0xfff) << 8) | ((0x45678L & ~0xffL) << 12);
        assertThat(FileId.fromStat(dev, 5)).isEqualTo(new FileId(0x123, 0x45678, 5));
        long bigMajor = ((0x1234L & 0xfffL) << 8) | ((0x1234L & ~0xfffL) << 32) | 0x7;
        assertThat(FileId.fromStat(bigMajor, 5)).isEqualTo(new FileId(0x1234, 7, 5));
    }

    @Test
    void noProcLocksMeansNoHolders(@TempDir Path dir) throws Exception {
        Path db = Files.createFile(dir.resolve("app.db"));
        assertThat(LockHolderFinder.writersOf(db, dir.resolve("no-such-proc-locks")))
                .isEqualTo(List.of());
    }

    @Test
    void missingDatabaseMeansNoHolders(@TempDir Path dir) {
        assertThat(LockHolderFinder.writersOf(dir.resolve("absent.db"))).isEmpty();
    }
}
