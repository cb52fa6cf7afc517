package dev.schemagate.daemon.lock;

/** One granted, process-owned POSIX fcntl byte-range lock from /proc/locks; {@code end} is inclusive. */
record PosixLock(long pid, FileId file, boolean write, long start, long end) {

    /** Whether the lock's byte range includes {@code offset}. */
    boolean covers(long offset) {
        return start <= offset && offset <= end;
    }
}
