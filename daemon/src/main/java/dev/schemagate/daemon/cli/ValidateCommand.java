package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.Drift;
import dev.schemagate.daemon.migrate.HistoryReader;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationFilesException;
import dev.schemagate.daemon.migrate.MigrationPlan;
import dev.schemagate.daemon.migrate.MigrationResolver;
import dev.schemagate.daemon.migrate.MigrationStatus;
import dev.schemagate.daemon.migrate.ParsedMigration;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code schemagate validate}: exit 0 when the folder and the history agree and every pending script can run in
 * one transaction; exit 65 listing every problem otherwise, with the diff of each applied file that changed. Reads
 * without the lock and changes nothing.
 */
final class ValidateCommand {
    private static final Logger LOG = Logger.getLogger(ValidateCommand.class.getName());
    private final PrintStream out;

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    int run(SchemagateConfig config, boolean asJson) {
        MigrateSettings settings = config.migrate();
        MigrationPlan plan = null;
        try {
            plan = HistoryReader.planWithoutLock(settings, MigrationResolver.resolve(settings.migrations()));
            plan.requireValid();
            HistoryReader.requireAdopted(settings, plan);
            ParsedMigration.parseAll(plan.pending());
        } catch (MigrationFilesException e) {
            if (!asJson) {
                throw e;
            }
            out.println(Json.write(json(settings, plan, e.problems(), e.drift())));
            return e.exitCode();
        }
        for (MigrationStatus s : plan.missing()) {
            LOG.warning("migration " + s.applied().script() + " (version " + s.version()
                    + ") is applied but its file is no longer in the folder");
        }
        if (asJson) {
            out.println(Json.write(json(settings, plan, List.of(), List.of())));
            return ExitCodes.OK;
        }
        out.println("schemagate: " + settings.database() + " is valid: version "
                + (plan.highestApplied() == null ? "none" : plan.highestApplied()) + ", "
                + plan.pending().size()
                + " pending");
        return ExitCodes.OK;
    }

    /** {@code plan} is null when the folder itself could not be read into one. */
    private static ObjectNode json(
            MigrateSettings settings, MigrationPlan plan, List<String> problems, List<Drift> drift) {
        ObjectNode root = Json.object();
        root.put("database", settings.database().toString());
        root.put("valid", problems.isEmpty());
        root.put(
                "version",
                plan == null || plan.highestApplied() == null
                        ? null
                        : plan.highestApplied().toString());
        if (plan == null) {
            root.putNull("pending");
        } else {
            root.put("pending", plan.pending().size());
        }
        ArrayNode list = root.putArray("problems");
        problems.forEach(list::add);
        DriftJson.add(root.putArray("drift"), drift);
        ArrayNode missing = root.putArray("missing");
        if (plan != null) {
            for (MigrationStatus s : plan.missing()) {
                missing.addObject()
                        .put("version", s.version().toString())
                        .put("script", s.applied().script());
            }
        }
        return root;
    }
}
