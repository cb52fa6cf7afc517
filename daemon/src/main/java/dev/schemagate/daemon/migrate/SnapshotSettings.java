package dev.schemagate.daemon.migrate;

import java.nio.file.Path;

/**
 * Where {@code migrate} puts the copy of the database it takes before a non-empty batch, and how many it keeps.
 *
 * @param dir  the folder, or null when snapshots are off
 * @param keep snapshots of one database kept; older ones are deleted after a new one is taken
 */
public record SnapshotSettings(Path dir, int keep) {
    /** No snapshots. */
    public static final SnapshotSettings OFF = new SnapshotSettings(null, 5);

    public boolean enabled() {
        return dir != null;
    }
}
