package dev.schemagate.bench;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.Migrator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Row 4: 10,000 applied migrations and nothing pending. Migrator.migrate() in this (warm) JVM, and its first call in
 * a fresh JVM (cold-ish: the files and the database are in the page cache), plus the whole `schemagate migrate`.
 */
final class NoopBench {
    private NoopBench() {}

    static Row run(Env env) throws Exception {
        Path dir = env.dir("row4");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Corpus.write(migrations, 10_000, 3);
        Path db = dir.resolve("app.db");
        long t0 = System.nanoTime();
        MigrationResult first = migrate(db, migrations);
        long applyMillis = (System.nanoTime() - t0) / 1_000_000;
        if (first.applied().size() != 10_000) {
            throw new IllegalStateException("applied " + first.applied().size());
        }
        Stats warm = new Stats();
        for (int i = -5; i < env.runs(30, 5); i++) {
            long s = System.nanoTime();
            MigrationResult r = migrate(db, migrations);
            long t = System.nanoTime() - s;
            if (!r.applied().isEmpty()) {
                throw new IllegalStateException("not a no-op");
            }
            if (i >= 0) {
                warm.addNanos(t);
            }
        }
        // Breakdown (warm): reading + checksumming the files, and SQLite's own part (open + schema load + history).
        Stats resolve = new Stats();
        Stats history = new Stats();
        Stats schemaLoad = new Stats();
        var settings = new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false);
        for (int i = -3; i < env.runs(15, 3); i++) {
            long a = System.nanoTime();
            var files = dev.schemagate.daemon.migrate.MigrationResolver.resolve(migrations);
            long b = System.nanoTime();
            dev.schemagate.daemon.migrate.HistoryReader.planWithoutLock(settings, files);
            long c = System.nanoTime();
            try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                    var st = conn.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
            }
            long d = System.nanoTime();
            if (i >= 0) {
                resolve.addNanos(b - a);
                history.addNanos(c - b);
                schemaLoad.addNanos(d - c);
            }
        }
        Stats coldCall = new Stats();
        Stats cliWall = new Stats();
        File log = dir.resolve("child.log").toFile();
        for (int i = 0; i < env.runs(8, 2); i++) {
            Env.Child c = env.spawn(
                    env.javaCmd(
                            "-cp",
                            env.benchJar.toString(),
                            NoopChild.class.getName(),
                            db.toString(),
                            migrations.toString()),
                    log);
            String out = new String(c.process.getInputStream().readAllBytes()).trim();
            if (c.process.waitFor() != 0) {
                throw new IllegalStateException("NoopChild failed: " + out + "; see " + log);
            }
            coldCall.add(Double.parseDouble(out));
            long s = System.nanoTime();
            Process p = new ProcessBuilder(env.javaCmd(
                            "-jar",
                            env.daemonJar.toString(),
                            "migrate",
                            "--db",
                            db.toString(),
                            "--migrations",
                            migrations.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("schemagate migrate failed; see " + log);
            }
            cliWall.addNanos(System.nanoTime() - s);
        }
        boolean met = warm.median() <= 100 && coldCall.median() <= 100;
        String measured = String.format(
                Locale.ROOT,
                "warm %.1f ms; first call in a fresh JVM %.1f ms (medians)",
                warm.median(),
                coldCall.median());
        String notes = "Warm (same JVM, after 5 calls): " + warm.summary() + ". First migrate() call in a fresh JVM"
                + " (driver warm-up excluded as the engine does, class loading and JIT included): "
                + coldCall.summary() + ". Whole `java -jar schemagate.jar migrate` process, JVM start included: "
                + cliWall.summary() + ". Warm breakdown: MigrationResolver.resolve (list, read, UTF-8 check, normalize,"
                + " SHA-256 of 10,000 files) " + resolve.summary() + "; HistoryReader (open, SQLite schema load,"
                + " read 10,000 history rows, plan) " + history.summary() + "; of which SQLite alone opening the file"
                + " and loading its schema (" + schemaObjects(db) + ") " + schemaLoad.summary()
                + ". Initial apply of the 10,000 (one transaction): " + applyMillis + " ms.";
        return new Row("4. No-op start, 10,000 applied", "<= 100 ms", measured, Row.verdict(met), notes);
    }

    private static String schemaObjects(Path db) throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = conn.createStatement();
                var rs = st.executeQuery("SELECT group_concat(n || ' ' || type || 's', ', ') FROM"
                        + " (SELECT type, count(*) AS n FROM sqlite_master GROUP BY type)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static MigrationResult migrate(Path db, Path migrations) {
        return new Migrator(new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false), MigrationListener.NONE)
                .migrate();
    }
}
