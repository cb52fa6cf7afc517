package dev.schemagate.daemon.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Remembers which file the last READY migrated (device and inode at the {@code --db} path), so the daemon notices
 * when the path no longer names it: the file was deleted, or replaced by another (a restored backup, a copy).
 *
 * <p>Why: READY is a statement about one file. Releasing agents into a path that now holds another file, or none
 * (SQLite would create an empty one), would break the promise that a worker starts on the whole schema.
 */
final class DatabaseWatch implements GateListener {
    private final Path database;
    private volatile String migrated;

    DatabaseWatch(Path database) {
        this.database = database;
    }

    @Override
    public void changed(GateState state) {
        if (state.phase() == Phase.READY) {
            migrated = identity();
        }
    }

    /** Null while the path still names the file the last READY migrated; else what happened to it. */
    String lost() {
        String then = migrated;
        if (then == null) {
            return null;
        }
        String now = identity();
        if (now == null) {
            return "database file " + database + " was deleted after it was migrated";
        }
        return now.equals(then)
                ? null
                : "database file " + database + " was replaced after it was migrated (was " + then + ", now " + now
                        + ")";
    }

    /** "device 2049 inode 1234", or null when nothing is at the path. */
    private String identity() {
        try {
            Map<String, Object> attributes = Files.readAttributes(database, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            return "device " + attributes.get("dev") + " inode " + attributes.get("ino");
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            // Without unix attributes the watch cannot tell; it then never reports a change.
            return "unknown";
        }
    }
}
