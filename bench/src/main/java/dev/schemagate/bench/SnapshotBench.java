package dev.schemagate.bench;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.daemon.migrate.Snapshot;
import dev.schemagate.daemon.migrate.SnapshotSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Row 7: what {@code --snapshot-dir} costs per batch on a 100 MB and a 1 GB database, through the engine's own path
 * (Migrator with SnapshotSettings: {@code VACUUM INTO} from a second connection while the batch holds
 * {@code BEGIN IMMEDIATE}), against a plain file copy of the same file as the floor. {@code VACUUM INTO} is a logical
 * copy (it re-inserts every row and rebuilds every index), so a database of many small indexed rows is measured too.
 * The big files are deleted at the end.
 */
final class SnapshotBench {
    private static final long MB = 1_000_000L;

    private SnapshotBench() {}

    /** One database shape: how to fill it to about {@code bytes}. */
    private record Shape(String label, long bytes, boolean smallRows) {}

    static Row run(Env env) throws Exception {
        List<Shape> shapes = List.of(
                new Shape("100 MB, 1 MiB rows", 100 * MB, false),
                new Shape("100 MB, small indexed rows", 100 * MB, true),
                new Shape("1 GB, 1 MiB rows", 1000 * MB, false));
        List<String> measured = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path dir = env.dir("row7");
        try {
            for (Shape shape : shapes) {
                Path db = dir.resolve("app.db");
                Env.deleteDb(db);
                Path migrations = Files.createDirectories(dir.resolve("migrations-" + shapes.indexOf(shape)));
                long c0 = System.nanoTime();
                fill(db, migrations, shape);
                long createMs = (System.nanoTime() - c0) / 1_000_000;
                long size = Files.size(db);
                int rounds = shape.bytes() >= 1000 * MB ? env.runs(3, 1) : env.runs(5, 2);
                Stats snapshot = new Stats();
                Stats copy = new Stats();
                long snapshotBytes = 0;
                Path snaps = dir.resolve("snaps");
                for (int round = 1; round <= rounds; round++) {
                    Files.writeString(
                            migrations.resolve("V" + (round + 1) + "__t" + round + ".sql"),
                            "CREATE TABLE t" + round + " (x);\n");
                    Snapshot s = migrateWithSnapshot(db, migrations, snaps);
                    snapshot.add(s.millis());
                    snapshotBytes = s.bytes();
                    Path target = dir.resolve("copy.db");
                    long f0 = System.nanoTime();
                    Files.copy(db, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    copy.addNanos(System.nanoTime() - f0);
                    Files.delete(target);
                }
                measured.add(String.format(
                        Locale.ROOT,
                        "%s: %.0f ms, %d MB (file copy %.0f ms)",
                        shape.label(),
                        snapshot.median(),
                        snapshotBytes / MB,
                        copy.median()));
                notes.add(shape.label() + " (file " + size / MB + " MB, made in " + createMs + " ms): snapshot "
                        + snapshot.summary() + ", snapshot file " + snapshotBytes + " bytes; plain Files.copy of the"
                        + " same file " + copy.summary());
                Env.deleteTree(snaps);
                Env.deleteDb(db);
            }
        } finally {
            Env.deleteTree(dir); // a 1 GB database and its snapshots must not stay behind
        }
        return new Row(
                "7. Snapshot before a batch (`--snapshot-dir`)",
                "(report)",
                String.join("; ", measured) + " (medians)",
                "-",
                "Method: `VACUUM INTO` on a second connection while the batch's connection holds BEGIN IMMEDIATE"
                        + " (the engine's own path, Migrator with SnapshotSettings, keep 1; time from"
                        + " MigrationListener.snapshotTaken: VACUUM INTO, rename, prune). The database files are in"
                        + " the page cache (just written). " + String.join(". ", notes) + ".");
    }

    private static Snapshot migrateWithSnapshot(Path db, Path migrations, Path snaps) {
        AtomicReference<Snapshot> taken = new AtomicReference<>();
        new Migrator(
                        new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false),
                        new MigrationListener() {
                            @Override
                            public void snapshotTaken(Snapshot snapshot) {
                                taken.set(snapshot);
                            }
                        },
                        new SnapshotSettings(snaps, 1))
                .migrate();
        if (taken.get() == null) {
            throw new IllegalStateException("no snapshot was taken");
        }
        return taken.get();
    }

    /**
     * Fills a new database fast, as its first migration (so it has a history and counts as adopted): large rows are
     * zeroblobs (SQLite writes their pages without building them in memory; new pages need no journal), small rows
     * are 100-character texts with an index, made by a recursive CTE. This is set-up, not what is measured.
     */
    private static void fill(Path db, Path migrations, Shape shape) throws Exception {
        String sql;
        if (shape.smallRows()) {
            long rows = shape.bytes() / 160; // ~100 bytes of text + key + index entry per row
            sql = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                    + "INSERT INTO items (name) SELECT printf('%0100d', i) FROM (WITH RECURSIVE n(i) AS"
                    + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") SELECT i FROM n);\n"
                    + "CREATE INDEX items_name ON items (name);\n";
        } else {
            long rows = shape.bytes() / (1 << 20);
            sql = "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);\n"
                    + "INSERT INTO blobs (data) SELECT zeroblob(1048576) FROM (WITH RECURSIVE n(i) AS"
                    + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") SELECT i FROM n);\n";
        }
        Files.writeString(migrations.resolve("V1__fill.sql"), sql);
        new Migrator(new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false), MigrationListener.NONE)
                .migrate();
    }
}
