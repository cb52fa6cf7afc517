package dev.schemagate.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Row 4's fresh JVM: loads the SQLite driver (as the engine does before its clock), then times one migrate(), with the
 * checksum cache (what {@code schemagate migrate} does) or, given a third argument {@code nocache}, without it.
 */
public final class NoopChild {
    private NoopChild() {}

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.createStatement().execute("SELECT 1");
        }
        long t0 = System.nanoTime();
        boolean cached = args.length < 3 || !args[2].equals("nocache");
        var r = cached
                ? NoopBench.migrateWithCache(Path.of(args[0]), Path.of(args[1]))
                : NoopBench.migrate(Path.of(args[0]), Path.of(args[1]));
        long t = System.nanoTime() - t0;
        if (!r.applied().isEmpty()) {
            throw new IllegalStateException("not a no-op");
        }
        System.out.println(String.format(Locale.ROOT, "%.3f", t / 1e6));
    }
}
