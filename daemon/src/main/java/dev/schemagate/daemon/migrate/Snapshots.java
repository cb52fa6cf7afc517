package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.lock.SqliteErrors;
import dev.schemagate.daemon.lock.StorageFault;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Takes, lists and prunes the pre-batch snapshots of one database.
 *
 * <p>The copy is made with {@code VACUUM INTO} on a second connection while the migration's own connection holds
 * {@code BEGIN IMMEDIATE} and has written nothing yet: no other writer can change the database in between, and the
 * reader sees exactly the pre-batch state (FINDINGS.md). It is written under a temporary name, synced and renamed,
 * so a snapshot that exists under its final name is complete, even after a power cut.
 */
public final class Snapshots {
    private static final Logger LOG = Logger.getLogger(Snapshots.class.getName());

    private Snapshots() {}

    /** {@code app.db.v3-to-v5.20261202T013000-123Z.snapshot.db}: database, from and to versions, UTC time. */
    static String name(Path database, MigrationVersion from, MigrationVersion to, Instant at) {
        return new SnapshotName(
                        database.getFileName().toString(), from == null ? "0" : from.toString(), to.toString(), at)
                .text();
    }

    /**
     * Copies the database as it is now into {@code settings.dir()}; call it holding the write lock, before writing.
     * Throws {@link SnapshotFailedException} when the copy cannot be made: the caller must not run the batch then.
     */
    static Snapshot take(SnapshotSettings settings, Path database, MigrationVersion from, MigrationVersion to) {
        long start = System.nanoTime();
        Instant at = Instant.ofEpochMilli(System.currentTimeMillis());
        Path target = settings.dir().resolve(name(database, from, to, at));
        Path partial = settings.dir().resolve("." + target.getFileName() + ".partial");
        try {
            Files.createDirectories(settings.dir());
            Files.deleteIfExists(partial);
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + database);
                    Statement s = reader.createStatement()) {
                s.executeUpdate("VACUUM INTO '" + partial.toString().replace("'", "''") + "'");
            }
            // On disk before it gets its final name, and the name on disk too: a power cut must not leave a
            // snapshot under its final name that is empty or torn.
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel folder = FileChannel.open(settings.dir(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } catch (SQLException | IOException e) {
            deletePartial(partial);
            throw failed(settings, database, from, to, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        prune(settings, database);
        Snapshot taken = Snapshot.inFolder(target);
        long bytes = taken == null ? -1 : taken.bytes();
        return new Snapshot(target, text(from), to.toString(), at, bytes, millis);
    }

    private static SnapshotFailedException failed(
            SnapshotSettings settings, Path database, MigrationVersion from, MigrationVersion to, Exception e) {
        String why = e instanceof SQLException q
                ? (StorageFault.of(q) == StorageFault.DISK_FULL ? "the snapshot folder's disk is full: " : "")
                        + SqliteErrors.describe(q)
                : e.toString();
        long size = sizeOf(database);
        return new SnapshotFailedException(
                "schemagate: cannot take the snapshot of " + database + " into " + settings.dir()
                        + " before the batch from version " + text(from) + " to " + to + " (" + why + ")."
                        + " Snapshots are on, so the batch did not run: nothing was applied and the database is as it"
                        + " was. Action: make " + settings.dir() + " writable by this user with room for a copy of the"
                        + " database" + (size < 0 ? "" : " (about " + size + " bytes)") + " (ls -ld, df -h "
                        + settings.dir() + "), or turn snapshots off (snapshot.dir: off); then run migrate again"
                        + " (or reload the daemon).",
                e);
    }

    private static void deletePartial(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // The partial file has a hidden name and is never taken for a snapshot.
        }
    }

    private static long sizeOf(Path database) {
        try {
            return Files.size(database);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String text(MigrationVersion version) {
        return version == null ? "0" : version.toString();
    }

    /** This database's snapshots in {@code dir}, newest first. */
    public static List<Path> list(Path dir, Path database) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        String db = database.getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> {
                        SnapshotName n = SnapshotName.parse(p.getFileName().toString());
                        return n != null && n.database().equals(db) ? new Named(p, n) : null;
                    })
                    .filter(Objects::nonNull)
                    .sorted(Comparator.comparing((Named n) -> n.name().takenAt())
                            .reversed())
                    .map(Named::file)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The newest snapshot of {@code database} in {@code dir}, or null when there is none (or snapshots are off). */
    public static Snapshot latest(Path dir, Path database) {
        for (Path file : list(dir, database)) {
            Snapshot s = Snapshot.inFolder(file);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private record Named(Path file, SnapshotName name) {}

    /** Deletes all but the newest {@code keep}; a failure is only logged: the new snapshot is there and sound. */
    private static void prune(SnapshotSettings settings, Path database) {
        List<Path> all = list(settings.dir(), database);
        for (Path old : all.subList(Math.min(settings.keep(), all.size()), all.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                LOG.warning(() -> "cannot delete the old snapshot " + old + " (" + e + "); it stays until removed");
            }
        }
    }
}
