package dev.schemagate.daemon.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the processes that hold SQLite's write lock on a database, from Linux's /proc/locks. */
public final class LockHolderFinder {

    /**
     * Byte of the database file that a rollback-journal writer locks: PENDING_BYTE (0x40000000) + 1, the
     * RESERVED lock taken by BEGIN IMMEDIATE. An EXCLUSIVE lock (commit, locking_mode=EXCLUSIVE) is one write
     * lock over PENDING_BYTE..the end of the shared range, so it covers this byte too. Seen on Linux 6.18,
     * sqlite3 3.40.1: RESERVED = WRITE 1073741825-1073741825, EXCLUSIVE = WRITE 1073741824-1073742335.
     */
    static final long RESERVED_BYTE = 0x40000001L;

    /**
     * Byte of the {@code -shm} file that a WAL writer locks: WALINDEX_LOCK_OFFSET (120) + WAL_WRITE_LOCK (0).
     * Seen on Linux 6.18, sqlite3 3.40.1: WRITE 120-120 under BEGIN IMMEDIATE; readers hold only READ locks.
     */
    static final long WAL_WRITE_BYTE = 120;

    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private LockHolderFinder() {}

    /**
     * The processes holding SQLite's write lock on {@code databaseFile}, by ascending pid; empty when there
     * is none, when the file does not exist, or when the kernel does not tell (no /proc/locks). Never throws.
     */
    public static List<LockHolder> writersOf(Path databaseFile) {
        return writersOf(databaseFile, PROC_LOCKS);
    }

    static List<LockHolder> writersOf(Path databaseFile, Path procLocks) {
        String text;
        try {
            text = Files.readString(procLocks, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            // Not Linux, or /proc not mounted: the error message simply goes without a holder.
            return List.of();
        }
        Path db = realPath(databaseFile);
        Optional<FileId> dbId = FileId.of(db);
        Optional<FileId> shmId = FileId.of(db.resolveSibling(db.getFileName() + "-shm"));
        return writerPids(ProcLocks.parse(text), dbId, shmId).stream()
                .map(LockHolder::of)
                .toList();
    }

    /**
     * Every process holding any lock (reader or writer) on {@code databaseFile} or its {@code -shm}, by ascending
     * pid: the processes that have the database open and in use right now. Never throws.
     */
    public static List<LockHolder> holdersOf(Path databaseFile) {
        String text;
        try {
            text = Files.readString(PROC_LOCKS, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        Path db = realPath(databaseFile);
        Optional<FileId> dbId = FileId.of(db);
        Optional<FileId> shmId = FileId.of(db.resolveSibling(db.getFileName() + "-shm"));
        return ProcLocks.parse(text).stream()
                .filter(l -> (dbId.isPresent() && l.file().equals(dbId.get()))
                        || (shmId.isPresent() && l.file().equals(shmId.get())))
                .map(PosixLock::pid)
                .distinct()
                .sorted()
                .map(LockHolder::of)
                .toList();
    }

    /** The distinct pids, ascending, whose granted write locks are SQLite's write lock on the db or its -shm. */
    static List<Long> writerPids(List<PosixLock> locks, Optional<FileId> db, Optional<FileId> shm) {
        return locks.stream()
                .filter(PosixLock::write)
                .filter(l -> (db.isPresent() && l.file().equals(db.get()) && l.covers(RESERVED_BYTE))
                        || (shm.isPresent() && l.file().equals(shm.get()) && l.covers(WAL_WRITE_BYTE)))
                .map(PosixLock::pid)
                .distinct()
                .sorted()
                .toList();
    }

    // SQLite resolves symlinks before naming the -shm file, so do the same.
    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | SecurityException e) {
            return file.toAbsolutePath();
        }
    }
}
