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
import org.flywaydb.core.Flyway;

/**
 * Row 3: 500 generated migrations applied to a fresh SQLite file by schemagate's engine, by Flyway (both in this
 * JVM) and by the sqlite3 shell running the whole corpus in one transaction (the floor); interleaved rounds.
 */
final class ApplyBench {
    private ApplyBench() {}

    static Row run(Env env) throws Exception {
        Path dir = env.dir("row3");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        List<String> texts = Corpus.write(migrations, 500, 20);
        Path script = dir.resolve("all.sql");
        Env.write(script, Corpus.asOneTransaction(texts));
        File log = dir.resolve("sqlite3.log").toFile();
        Map<String, Stats> stats = new LinkedHashMap<>();
        for (String k : List.of("schemagate", "flyway", "sqlite3")) {
            stats.put(k, new Stats());
        }
        List<String> order = new ArrayList<>(stats.keySet());
        Random random = new Random(7);
        int rounds = env.runs(7, 2);
        long statements = texts.stream()
                .mapToLong(t -> t.chars().filter(c -> c == ';').count())
                .sum();
        for (int r = -2; r < rounds; r++) { // two warm-up rounds (class loading, JIT) not counted
            Collections.shuffle(order, random);
            for (String k : order) {
                Path db = dir.resolve(k + ".db");
                Env.deleteDb(db);
                long t0 = System.nanoTime();
                switch (k) {
                    case "schemagate" -> {
                        MigrationResult result = new Migrator(
                                        new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false),
                                        MigrationListener.NONE)
                                .migrate();
                        if (result.applied().size() != 500) {
                            throw new IllegalStateException(
                                    "schemagate applied " + result.applied().size());
                        }
                    }
                    case "flyway" -> {
                        var result = Flyway.configure()
                                .dataSource("jdbc:sqlite:" + db, null, null)
                                .locations("filesystem:" + migrations)
                                .load()
                                .migrate();
                        if (result.migrationsExecuted != 500) {
                            throw new IllegalStateException("flyway applied " + result.migrationsExecuted);
                        }
                    }
                    default -> {
                        Process p = new ProcessBuilder("sqlite3", "-bail", db.toString())
                                .redirectInput(script.toFile())
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                                .start();
                        if (p.waitFor() != 0) {
                            throw new IllegalStateException("sqlite3 failed; see " + log);
                        }
                    }
                }
                long t = System.nanoTime() - t0;
                if (r >= 0) {
                    stats.get(k).addNanos(t);
                }
            }
        }
        double sg = stats.get("schemagate").median();
        double fw = stats.get("flyway").median();
        double sq = stats.get("sqlite3").median();
        boolean met = fw / sg >= 10 && sg / sq <= 2;
        String measured = String.format(
                Locale.ROOT,
                "schemagate %.0f ms, Flyway %.0f ms, sqlite3 %.0f ms: Flyway/"
                        + "schemagate = %.1fx, schemagate/sqlite3 = %.2fx",
                sg,
                fw,
                sq,
                fw / sg,
                sg / sq);
        StringBuilder notes = new StringBuilder(String.format(
                Locale.ROOT,
                "500 files, ~%d statements (tables, FKs,"
                        + " indexes, ALTER, 20-row inserts, triggers, views, updates, deletes). ",
                statements));
        stats.forEach((k, s) -> notes.append(k).append(": ").append(s.summary()).append(". "));
        notes.append("Fresh file each time; the sqlite3 time includes starting the shell (a few ms).");
        return new Row(
                "3. Apply 500 migrations to a fresh file",
                "Flyway/schemagate >= 10x; schemagate/sqlite3" + " <= 2x",
                measured,
                Row.verdict(met) + (fw / sg >= 10 ? "" : " (vs Flyway)") + (sg / sq <= 2 ? "" : " (vs sqlite3)"),
                notes.toString());
    }
}
