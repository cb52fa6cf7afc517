package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A file beside the database that only ever saves work ({@link ChecksumCache}, {@link NoopRecord}): it is trusted
 * only when we or root wrote it and nobody else can, it is replaced whole by rename, and a failure to read or write
 * it is a note, never a failed run.
 */
final class AdvisoryFile {
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private AdvisoryFile() {}

    /** Why {@code file} must not be trusted, or null. Like the agent's state file: only we or root may have written it. */
    static String untrusted(Path file) throws IOException {
        Map<String, Object> attrs = Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attrs.get("mode");
        if ((mode & 0170000) != 0100000) {
            return "not a regular file";
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            return "writable by group or others (mode " + Integer.toOctalString(mode & 07777) + ")";
        }
        int uid = (Integer) attrs.get("uid");
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != self && uid != 0) {
            return "owned by uid " + uid + ", neither this user (uid " + self + ") nor root";
        }
        return null;
    }

    /**
     * Writes {@code bytes} to a hidden temporary file in {@code file}'s folder and renames it into place, so a reader
     * sees the old or the new file, whole. The temporary file is created with mode 0600.
     */
    static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException ignored) {
                    // A leftover hidden temporary file is harmless; the caller's note already says the write failed.
                }
            }
        }
    }

    /** "Read-only file system" or "permission denied", not the exception's class name and the path again. */
    static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null
                ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName();
    }
}
