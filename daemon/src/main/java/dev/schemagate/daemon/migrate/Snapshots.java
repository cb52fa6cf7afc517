package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.SqliteErrors;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Takes, lists and prunes the pre-batch snapshots of one database.
 *
 * <p>The copy is made with {@code VACUUM INTO} on a second connection while the migration's own connection holds
 * {@code BEGIN IMMEDIATE} and has written nothing yet: no other writer can change the database in between, and the
 * reader sees exactly the pre-batch state (FINDINGS.md). It is written under a temporary name and renamed, so a
 * snapshot that exists under its final name is complete.
 */
public final class Snapshots {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss-SSS'Z'");
    static final String SUFFIX = ".snapshot.db";

    private Snapshots() {}

    /** {@code app.db.v3-to-v5.20261202T013000-123Z.snapshot.db}: database, from and to versions, UTC time. */
    static String name(Path database, MigrationVersion from, MigrationVersion to) {
        return database.getFileName() + ".v" + (from == null ? "0" : from) + "-to-v" + to + "."
                + TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + SUFFIX;
    }

    /** Copies the database as it is now into {@code settings.dir()}; call it holding the write lock, before writing. */
    static Snapshot take(SnapshotSettings settings, Path database, MigrationVersion from, MigrationVersion to) {
        long start = System.nanoTime();
        Path target = settings.dir().resolve(name(database, from, to));
        Path partial = settings.dir().resolve("." + target.getFileName() + ".partial");
        try {
            Files.createDirectories(settings.dir());
            Files.deleteIfExists(partial);
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + database);
                    Statement s = reader.createStatement()) {
                s.executeUpdate("VACUUM INTO '" + partial.toString().replace("'", "''") + "'");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            prune(settings, database);
            return new Snapshot(target, Files.size(target), (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException | IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // The partial file has a hidden name and is never taken for a snapshot.
            }
            throw new SchemagateException(
                    ExitCodes.SOFTWARE,
                    "schemagate: cannot snapshot " + database + " into " + settings.dir() + ": "
                            + (e instanceof SQLException q ? SqliteErrors.describe(q) : e.toString())
                            + ". Nothing was applied. Action: make " + settings.dir() + " writable with room for a"
                            + " copy of the database, or run without --snapshot-dir.",
                    e);
        }
    }

    /** This database's snapshots in {@code dir}, newest first. */
    public static List<Path> list(Path dir, Path database) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = database.getFileName() + ".v";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith(SUFFIX);
                    })
                    .sorted(Comparator.comparing(
                                    (Path p) -> timeOf(p.getFileName().toString()))
                            .reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String timeOf(String name) {
        String stem = name.substring(0, name.length() - SUFFIX.length());
        return stem.substring(stem.lastIndexOf('.') + 1);
    }

    private static void prune(SnapshotSettings settings, Path database) throws IOException {
        List<Path> all = list(settings.dir(), database);
        for (Path old : all.subList(Math.min(settings.keep(), all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
    }
}
