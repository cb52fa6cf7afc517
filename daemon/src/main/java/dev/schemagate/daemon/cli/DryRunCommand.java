package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.DryRunReport;
import dev.schemagate.daemon.migrate.DryRunReport.Effect;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code schemagate migrate --dry-run}: runs the pending batch for real inside its transaction, reports what each
 * migration did, and rolls it back. Exits as the real run would (0, 65, 70, 75).
 */
final class DryRunCommand {
    private final PrintStream out;

    DryRunCommand(PrintStream out) {
        this.out = out;
    }

    int run(SchemagateConfig config, boolean asJson) {
        MigrateSettings settings = config.migrate();
        Path db = settings.database();
        boolean existed = Files.exists(db);
        AtomicReference<DryRunReport> report = new AtomicReference<>();
        MigrationResult result = null;
        SchemagateException failure = null;
        try {
            result = new Migrator(settings, MigrationListener.NONE).dryRun(report::set);
        } catch (SchemagateException e) {
            failure = e;
        } finally {
            removeIfCreated(db, existed);
        }
        List<Effect> effects = report.get() == null ? List.of() : report.get().effects();
        if (asJson) {
            out.println(json(db, result, effects, failure));
        } else {
            print(db, result, report.get(), effects, failure);
        }
        if (failure != null) {
            throw failure;
        }
        return ExitCodes.OK;
    }

    private void print(
            Path db, MigrationResult result, DryRunReport report, List<Effect> effects, SchemagateException failure) {
        for (Effect e : effects) {
            out.println("  " + e.script() + "  " + e.millis() + " ms");
            e.created().forEach(o -> out.println("    created " + o));
            e.altered().forEach(o -> out.println("    altered " + o));
            e.dropped().forEach(o -> out.println("    dropped " + o));
            out.println("    rows changed: " + e.rowsChanged());
            e.slowStatements().forEach(s -> out.println("    slow: " + s));
        }
        if (failure != null && report == null) {
            return; // failed before the batch started (files, lock): the error says it all
        }
        if (failure != null) {
            out.println("schemagate: dry run on " + db + " failed after " + effects.size() + " migration"
                    + (effects.size() == 1 ? "" : "s") + " (see the error); everything was rolled back,"
                    + " nothing changed");
        } else if (result.applied().isEmpty()) {
            out.println("schemagate: dry run: " + db + " is up to date at version " + version(result)
                    + "; nothing pending");
        } else {
            out.println("schemagate: dry run: " + result.applied().size() + " migration"
                    + (result.applied().size() == 1 ? "" : "s") + " would take " + db + " from version "
                    + version(result) + " to "
                    + result.applied().get(result.applied().size() - 1).version()
                    + "; all ran and passed the foreign-key check, then were rolled back: nothing changed");
        }
    }

    private static String json(Path db, MigrationResult result, List<Effect> effects, SchemagateException failure) {
        ObjectNode root = Json.object();
        root.put("database", db.toString());
        root.put("dryRun", true);
        root.put("ok", failure == null);
        root.put("exitCode", failure == null ? ExitCodes.OK : failure.exitCode());
        root.put("error", failure == null ? null : failure.getMessage());
        root.put("from", result == null ? null : version(result));
        ArrayNode migrations = root.putArray("migrations");
        for (Effect e : effects) {
            ObjectNode m = migrations.addObject();
            m.put("script", e.script());
            m.put("ms", e.millis());
            e.created().forEach(m.putArray("created")::add);
            e.altered().forEach(m.putArray("altered")::add);
            e.dropped().forEach(m.putArray("dropped")::add);
            m.put("rowsChanged", e.rowsChanged());
            e.slowStatements().forEach(m.putArray("slowStatements")::add);
        }
        return Json.write(root);
    }

    private static String version(MigrationResult result) {
        return result.version() == null ? "none" : result.version().toString();
    }

    /** Opening the lock creates a missing database file (empty, as the rollback leaves it): remove it again. */
    private static void removeIfCreated(Path db, boolean existed) {
        try {
            if (!existed && Files.exists(db) && Files.size(db) == 0) {
                Files.delete(db);
            }
        } catch (IOException e) {
            // An empty file left behind is harmless: SQLite treats it as an empty database.
        }
    }
}
