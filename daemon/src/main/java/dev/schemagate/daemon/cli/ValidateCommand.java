package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.HistoryReader;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationPlan;
import dev.schemagate.daemon.migrate.MigrationResolver;
import dev.schemagate.daemon.migrate.MigrationStatus;
import dev.schemagate.daemon.migrate.ParsedMigration;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.util.logging.Logger;

/**
 * {@code schemagate validate}: exit 0 when the folder and the history agree and every pending script can run in
 * one transaction; exit 65 listing every problem otherwise. Reads without the lock and changes nothing.
 */
final class ValidateCommand {
    private static final Logger LOG = Logger.getLogger(ValidateCommand.class.getName());
    private final PrintStream out;

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    int run(SchemagateConfig config) {
        MigrateSettings settings = config.migrate();
        MigrationPlan plan = HistoryReader.planWithoutLock(settings, MigrationResolver.resolve(settings.migrations()));
        plan.requireValid();
        HistoryReader.requireAdopted(settings, plan);
        ParsedMigration.parseAll(plan.pending());
        for (MigrationStatus s : plan.missing()) {
            LOG.warning("migration " + s.applied().script() + " (version " + s.version()
                    + ") is applied but its file is no longer in the folder");
        }
        out.println("schemagate: " + settings.database() + " is valid: version "
                + (plan.highestApplied() == null ? "none" : plan.highestApplied()) + ", "
                + plan.pending().size()
                + " pending");
        return ExitCodes.OK;
    }
}
