package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the migration files a long-lived process (the daemon) has read and hashed, keyed by what the file
 * system says about each file, so that a reload re-reads only files that changed.
 *
 * <p>The key is the device and inode (a file replaced by rename is a new file), the size, and both the
 * modification and the status-change time with nanoseconds. The status-change time cannot be set by tools such as
 * {@code touch -d} or {@code cp -p}, so an edit that restores the old mtime is still seen. What it cannot see: an
 * in-place rewrite that keeps the size and lands within the same file-system clock tick (a few milliseconds) as the
 * previous write. {@code schemagate validate} and the first run of every process hash every file, whatever the
 * cache says, so they catch that too.
 */
public final class FileIdentityCache {
    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

    record Identity(Object dev, Object ino, Object size, Object mtime, Object ctime) {}

    private record Entry(Identity identity, MigrationFile file) {}

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /** The file as read before, when the file system shows it unchanged; else null (read it again). */
    MigrationFile lookup(Path path) {
        Entry entry = entries.get(path);
        if (entry == null) {
            return null;
        }
        Identity now = identity(path);
        return entry.identity().equals(now) ? entry.file() : null;
    }

    /**
     * Records {@code file} as read from {@code path} whose identity was {@code before} taken before reading: when the
     * file changed while it was read, the identities differ and the next lookup reads it again.
     */
    void remember(Path path, Identity before, MigrationFile file) {
        if (before != null) {
            entries.put(path, new Entry(before, file));
        }
    }

    /** Forgets paths no longer in the folder, so a deleted and re-created file is never served from memory. */
    void retainOnly(java.util.Collection<Path> present) {
        entries.keySet().retainAll(new java.util.HashSet<>(present));
    }

    int size() {
        return entries.size();
    }

    // Links are followed on purpose: a Kubernetes ConfigMap swaps a symlink to new files, and the target is what is
    // read.
    /** The file's identity now, or null when it cannot be read (then it is not cached). */
    static Identity identity(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES);
            return new Identity(a.get("dev"), a.get("ino"), a.get("size"), a.get("lastModifiedTime"), a.get("ctime"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
