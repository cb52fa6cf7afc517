package dev.schemagate.daemon.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A file's identity as /proc/locks prints it: device major, device minor and inode number. */
record FileId(long major, long minor, long inode) {

    /** The identity of {@code file}, or empty when it does not exist or the platform has no unix attributes. */
    static Optional<FileId> of(Path file) {
        try {
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            return Optional.of(fromStat(dev, ino));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            // A diagnostic must never fail the caller: no identity simply means no match.
            return Optional.empty();
        }
    }

    /** Splits st_dev the way glibc's major()/minor() do, so it compares equal to the kernel's MAJOR:MINOR. */
    static FileId fromStat(long stDev, long inode) {
        long major = ((stDev >>> 8) & 0xfffL) | ((stDev >>> 32) & 0xfffff000L);
        long minor = (stDev & 0xffL) | ((stDev >>> 12) & 0xffffff00L);
        return new FileId(major, minor, inode);
    }
}
