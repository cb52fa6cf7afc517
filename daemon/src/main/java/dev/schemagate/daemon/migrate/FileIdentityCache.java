package dev.schemagate.daemon.migrate;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the migration files a long-lived process (the daemon) has read and hashed, keyed by what the file
 * system says about each file, so that a reload re-reads only files that changed.
 *
 * <p>The key is the file's {@link FileStamp} (device, inode, size, mtime and ctime with nanoseconds), which says what
 * edits it cannot see. {@code schemagate validate} and the first run of every process hash every file, whatever the
 * cache says, so they catch those too.
 */
public final class FileIdentityCache implements KnownFiles {
    private record Entry(FileStamp identity, MigrationFile file) {}

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /** The file as read before, when the file system shows it unchanged; else null (read it again). */
    @Override
    public MigrationFile lookup(Path path, MigrationName name) {
        Entry entry = entries.get(path);
        if (entry == null) {
            return null;
        }
        return entry.identity().equals(FileStamp.of(path)) ? entry.file() : null;
    }

    /**
     * Records {@code file} as read from {@code path} whose identity was {@code before} taken before reading: when the
     * file changed while it was read, the identities differ and the next lookup reads it again.
     */
    @Override
    public void remember(Path path, FileStamp before, MigrationFile file) {
        if (before != null) {
            entries.put(path, new Entry(before, file));
        }
    }

    /** Forgets paths no longer in the folder, so a deleted and re-created file is never served from memory. */
    @Override
    public void retainOnly(Collection<Path> present) {
        entries.keySet().retainAll(new HashSet<>(present));
    }

    int size() {
        return entries.size();
    }
}
