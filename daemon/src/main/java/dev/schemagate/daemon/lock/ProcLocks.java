package dev.schemagate.daemon.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses the text of Linux's /proc/locks into the granted POSIX locks that name a process. */
final class ProcLocks {

    private ProcLocks() {}

    /**
     * Returns the granted POSIX locks in {@code text}; every other line is skipped.
     *
     * <p>Skipped on purpose: blocked waiters ({@code ->}) hold nothing; OFD locks (pid -1) name no process;
     * FLOCK and leases are not what SQLite's default unix VFS uses; unparseable lines come from kernels whose
     * format we do not know, and a diagnostic must not fail on them.
     */
    static List<PosixLock> parse(String text) {
        List<PosixLock> locks = new ArrayList<>();
        for (String line : text.split("\n")) {
            parseLine(line).ifPresent(locks::add);
        }
        return locks;
    }

    // Format (fs/locks.c lock_get_status): "ID: POSIX  ADVISORY  WRITE PID MAJ:MIN:INODE START END|EOF".
    static Optional<PosixLock> parseLine(String line) {
        String[] t = line.trim().split("\\s+");
        if (t.length != 8 || !t[0].endsWith(":") || !t[1].equals("POSIX")) {
            return Optional.empty();
        }
        boolean write;
        if (t[3].equals("WRITE")) {
            write = true;
        } else if (t[3].equals("READ")) {
            write = false;
        } else {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(t[4]);
            Optional<FileId> file = parseFileId(t[5]);
            long start = Long.parseLong(t[6]);
            long end = t[7].equals("EOF") ? Long.MAX_VALUE : Long.parseLong(t[7]);
            if (pid <= 0 || file.isEmpty() || start < 0 || end < start) {
                return Optional.empty();
            }
            return Optional.of(new PosixLock(pid, file.get(), write, start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // The kernel prints the device as "%02x:%02x" (hex) and the inode as unsigned decimal.
    private static Optional<FileId> parseFileId(String token) {
        String[] p = token.split(":");
        if (p.length != 3) {
            return Optional.empty();
        }
        return Optional.of(
                new FileId(Long.parseLong(p[0], 16), Long.parseLong(p[1], 16), Long.parseUnsignedLong(p[2])));
    }
}
