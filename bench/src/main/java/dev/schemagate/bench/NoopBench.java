package dev.schemagate.bench;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.Migrator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Row 4: 10,000 applied migrations and nothing pending. Migrator.migrate() in this (warm) JVM, and its first call in
 * a fresh JVM (cold-ish: the files and the database are in the page cache), plus the whole `schemagate migrate`.
 */
final class NoopBench {
    private static final String LAUNCHER = "schemagate launcher";

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
        // The daemon's reload as a real Coordinator runs it (SIGHUP): after its first run and the first reload (a full
        // no-op, which it remembers), each reload that changed nothing; the engine time its run reports, and the wall
        // time from the request to READY. The old figure, FileIdentityCache + history read, is kept beside it.
        Stats reload = new Stats();
        Stats reloadWall = new Stats();
        Stats reloadFull = new Stats();
        var identities = new dev.schemagate.daemon.migrate.FileIdentityCache();
        for (int i = -3; i < env.runs(15, 3); i++) {
            long a = System.nanoTime();
            var files = dev.schemagate.daemon.migrate.MigrationResolver.resolve(migrations, identities);
            dev.schemagate.daemon.migrate.HistoryReader.planWithoutLock(settings, files);
            if (i >= 0) {
                reloadFull.addNanos(System.nanoTime() - a);
            }
        }
        java.util.concurrent.BlockingQueue<MigrationResult> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
        try (var coordinator =
                new dev.schemagate.daemon.server.Coordinator(settings, new dev.schemagate.daemon.server.RunObserver() {
                    @Override
                    public void finished(MigrationResult result) {
                        outcomes.add(result);
                    }
                })) {
            for (int i = -5; i < env.runs(15, 3); i++) {
                long a = System.nanoTime();
                coordinator.runMigrations();
                MigrationResult r = outcomes.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                while (coordinator.state().phase() != dev.schemagate.daemon.server.Phase.READY) {
                    Thread.onSpinWait();
                }
                long b = System.nanoTime();
                if (r == null || !r.applied().isEmpty()) {
                    throw new IllegalStateException("reload " + i + ": " + r);
                }
                if (i >= 0) {
                    reload.addNanos(r.engineTime().toNanos());
                    reloadWall.addNanos(b - a);
                }
            }
        }
        Stats warmCached = new Stats();
        for (int i = -3; i < env.runs(15, 3); i++) {
            long a = System.nanoTime();
            migrateWithCache(db, migrations);
            if (i >= 0) {
                warmCached.addNanos(System.nanoTime() - a);
            }
        }
        // Fresh processes, interleaved in a shuffled order per round: the engine call alone (NoopChild, with and
        // without the checksum cache) and the whole `schemagate migrate` (its printed engine time, and wall), plain
        // and with the launch options an operator can add (C1 only; C1 plus an AppCDS archive made once).
        Path jsa = dir.resolve("migrate.jsa");
        Env.run(migrateCommand(env, db, migrations, List.of("-XX:ArchiveClassesAtExit=" + jsa)));
        File log = dir.resolve("child.log").toFile();
        Map<String, List<String>> cli = new LinkedHashMap<>();
        cli.put("migrate", List.of());
        // The same, without the no-op record (deleted before each of its runs, which writes it again): the checksum
        // cache's path, the figure before the record existed.
        cli.put("migrate without record", List.of());
        cli.put("migrate C1", List.of("-XX:TieredStopAtLevel=1"));
        if (Files.isRegularFile(jsa)) {
            cli.put("migrate C1+AppCDS", List.of("-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + jsa));
        }
        // deploy/bin/schemagate, the launcher the README tells operators to run commands with (its own JVM options).
        cli.put(LAUNCHER, List.of());
        Map<String, Stats> engine = new LinkedHashMap<>();
        Map<String, Stats> wall = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(List.of("child cached", "child nocache"));
        order.addAll(cli.keySet());
        order.forEach(k -> {
            engine.put(k, new Stats());
            wall.put(k, new Stats());
        });
        Random random = new Random(4);
        for (int round = -1; round < env.runs(8, 2); round++) {
            Collections.shuffle(order, random);
            for (String k : order) {
                List<String> command;
                if (k.startsWith("child")) {
                    command = env.javaCmd(
                            "-cp",
                            env.benchJar.toString(),
                            NoopChild.class.getName(),
                            db.toString(),
                            migrations.toString(),
                            k.endsWith("nocache") ? "nocache" : "cached");
                } else if (k.equals(LAUNCHER)) {
                    command = launcherCommand(env, db, migrations);
                } else {
                    command = migrateCommand(env, db, migrations, cli.get(k));
                    if (k.endsWith("without record")) {
                        Files.deleteIfExists(db.resolveSibling(db.getFileName() + ".schemagate-noop"));
                    }
                }
                long s = System.nanoTime();
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log));
                builder.environment().remove("SCHEMAGATE_JAVA_OPTS"); // the launcher's own options, nothing more
                builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
                builder.environment().put("SCHEMAGATE_JAR", env.daemonJar.toString());
                Process p = builder.start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(k + " failed: " + out + "; see " + log);
                }
                long t = System.nanoTime() - s;
                if (round >= 0) {
                    wall.get(k).addNanos(t);
                    engine.get(k).add(k.startsWith("child") ? Double.parseDouble(out) : printedEngineMillis(out));
                }
            }
        }
        double fresh = engine.get(LAUNCHER).median();
        boolean met = fresh <= 100 && reload.median() <= 100;
        String measured = String.format(
                Locale.ROOT,
                "fresh `schemagate migrate` (the launcher), engine time as printed: %.0f ms (`java -jar` with the JVM's"
                        + " defaults %.0f; without the no-op record %.0f; C1 only %.0f%s);"
                        + " daemon reload %.1f ms; warm,"
                        + " same JVM: %.1f ms through the no-op record, %.1f ms the full way (medians)",
                fresh,
                engine.get("migrate").median(),
                engine.get("migrate without record").median(),
                engine.get("migrate C1").median(),
                cli.containsKey("migrate C1+AppCDS")
                        ? String.format(
                                Locale.ROOT,
                                ", C1+AppCDS %.0f",
                                engine.get("migrate C1+AppCDS").median())
                        : "",
                reload.median(),
                warmCached.median(),
                warm.median());
        StringBuilder freshNotes = new StringBuilder();
        for (String k : engine.keySet()) {
            freshNotes
                    .append(k)
                    .append(": engine ")
                    .append(engine.get(k).summary())
                    .append(", process wall ")
                    .append(wall.get(k).summary())
                    .append(". ");
        }
        String notes = "Warm (same JVM, after 5 calls), the full way (no record, no cache): " + warm.summary()
                + "; as `migrate` decides (the no-op record, else the checksum cache): "
                + warmCached.summary()
                + "; the daemon's reload (a Coordinator's run after a reload that changed nothing, engine time): "
                + reload.summary() + ", request -> READY " + reloadWall.summary()
                + "; the reload's full path (FileIdentityCache + history read): " + reloadFull.summary()
                + ". Fresh processes (interleaved; `child` = the engine call alone in a fresh"
                + " JVM, driver loaded before the clock): " + freshNotes + "Warm breakdown without cache:"
                + " MigrationResolver.resolve (list, read, UTF-8 check, normalize, SHA-256 of 10,000 files) "
                + resolve.summary() + "; HistoryReader (open, SQLite schema load, read 10,000 history rows, plan) "
                + history.summary() + "; of which SQLite alone opening the file and loading its schema ("
                + schemaObjects(db) + ") " + schemaLoad.summary() + ". Initial apply of the 10,000 (one"
                + " transaction): " + applyMillis + " ms.";
        return new Row("4. No-op start, 10,000 applied", "<= 100 ms", measured, Row.verdict(met), notes);
    }

    /** {@code deploy/bin/schemagate migrate --db DB --migrations DIR}, JAVA_HOME and SCHEMAGATE_JAR set by the caller. */
    private static List<String> launcherCommand(Env env, Path db, Path migrations) {
        return List.of(
                env.root.resolve("deploy/bin/schemagate").toString(),
                "migrate",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString());
    }

    /** {@code java OPTIONS -jar schemagate.jar migrate --db DB --migrations DIR}. */
    private static List<String> migrateCommand(Env env, Path db, Path migrations, List<String> jvmOptions) {
        List<String> args = new ArrayList<>(jvmOptions);
        args.addAll(List.of(
                "-jar",
                env.daemonJar.toString(),
                "migrate",
                "--db",
                db.toString(),
                "--migrations",
                migrations.toString()));
        return env.javaCmd(args.toArray(String[]::new));
    }

    /** The engine time in `migrate`'s "nothing pending (engine time N ms)" line. */
    private static double printedEngineMillis(String out) {
        int at = out.lastIndexOf("engine time ");
        if (at < 0) {
            throw new IllegalStateException("no engine time in: " + out);
        }
        String rest = out.substring(at + "engine time ".length());
        return Double.parseDouble(rest.substring(0, rest.indexOf(' ')));
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

    static MigrationResult migrateWithCache(Path db, Path migrations) {
        return new Migrator(new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false), MigrationListener.NONE)
                .migrateWithChecksumCache(note -> System.err.println("[bench] " + note));
    }

    static MigrationResult migrate(Path db, Path migrations) {
        return new Migrator(new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false), MigrationListener.NONE)
                .migrate();
    }
}
