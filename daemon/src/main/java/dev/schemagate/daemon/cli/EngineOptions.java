package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.ConfigException;
import dev.schemagate.daemon.config.Durations;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The engine's command-line options, shared by migrate, status, validate and daemon, turned into settings. */
final class EngineOptions {
    static final Set<String> VALUE_OPTIONS = Set.of("db", "migrations", "lock-busy-timeout", "lock-retries",
            "lock-backoff", "lock-deadline", "log-level");
    static final Set<String> FLAGS = Set.of("allow-out-of-order");

    private EngineOptions() {}

    /** Builds validated settings, or throws one {@link ConfigException} listing every bad value. */
    static MigrateSettings settings(Arguments args) {
        Path db = Path.of(args.required("db"));
        Path migrations = Path.of(args.required("migrations"));
        List<String> problems = new ArrayList<>();
        LockSettings d = LockSettings.DEFAULTS;
        Duration busy = duration(args, "lock-busy-timeout", d.busyTimeout(), problems);
        Duration backoff = duration(args, "lock-backoff", d.baseBackoff(), problems);
        Duration deadline = duration(args, "lock-deadline", d.deadline(), problems);
        int retries = integer(args, "lock-retries", d.retries(), problems);
        LockSettings lock = new LockSettings(busy, retries, backoff, deadline);
        if (problems.isEmpty()) {
            problems.addAll(lock.problems());
        }
        if (db.getParent() != null && !db.toAbsolutePath().getParent().toFile().isDirectory()) {
            problems.add("--db " + db + ": its folder " + db.toAbsolutePath().getParent()
                    + " does not exist; expected a path in an existing folder");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new MigrateSettings(db, migrations, lock, args.flag("allow-out-of-order"));
    }

    private static Duration duration(Arguments args, String name, Duration fallback, List<String> problems) {
        String text = args.get(name);
        if (text == null) {
            return fallback;
        }
        Duration value = Durations.parseOrNull(text);
        if (value == null || value.isZero()) {
            problems.add("--" + name + " '" + text + "': expected " + Durations.EXPECTED + " (above zero)");
            return fallback;
        }
        return value;
    }

    private static int integer(Arguments args, String name, int fallback, List<String> problems) {
        String text = args.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= 1000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        problems.add("--" + name + " '" + text + "': expected a whole number from 0 to 1000");
        return fallback;
    }
}
