package dev.schemagate.daemon.migrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A copy of the database as it was before a batch.
 *
 * @param file    the snapshot file
 * @param from    the version the database was at ("0" for none)
 * @param to      the version the batch was to bring it to
 * @param takenAt when it was taken (UTC, milliseconds; also in the file name)
 * @param bytes   the file's size
 * @param millis  how long taking it took, or -1 when not known (a snapshot found in the folder)
 */
public record Snapshot(Path file, String from, String to, Instant takenAt, long bytes, long millis) {

    /** The snapshot {@code file} in the folder, read from its name and size; null when the name is not one of ours. */
    public static Snapshot inFolder(Path file) {
        SnapshotName name = SnapshotName.parse(file.getFileName().toString());
        if (name == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (java.io.IOException e) {
            return null; // pruned or removed meanwhile
        }
        return new Snapshot(file, name.from(), name.to(), name.takenAt(), bytes, -1);
    }

    /** "v1 to v2, 8192 bytes, taken 2026-12-02T01:30:00.123Z[, in 9 ms]". */
    public String describe() {
        return "v" + from + " to v" + to + ", " + bytes + " bytes, taken " + takenAt
                + (millis < 0 ? "" : ", in " + millis + " ms");
    }
}
