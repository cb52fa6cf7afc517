package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.AppliedMigration;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationFile;
import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.migrate.Migrator;
import dev.schemagate.daemon.migrate.Snapshot;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.util.logging.Logger;

/** {@code schemagate migrate}: one-shot apply under the same lock and rules as the daemon. */
final class MigrateCommand {
    private static final Logger LOG = Logger.getLogger(MigrateCommand.class.getName());
    private final PrintStream out;

    MigrateCommand(PrintStream out) {
        this.out = out;
    }

    int run(SchemagateConfig config) {
        MigrateSettings settings = config.migrate();
        MigrationResult result = new Migrator(
                        settings,
                        new MigrationListener() {
                            @Override
                            public void migrating(int step, int of, MigrationFile file) {
                                LOG.info(() -> "applying " + file.script() + " (" + step + " of " + of + ")");
                            }

                            @Override
                            public void snapshotTaken(Snapshot snapshot) {
                                LOG.info(() -> "snapshot " + snapshot.file() + " (" + snapshot.describe() + ")");
                            }
                        },
                        config.snapshots())
                .migrateWithChecksumCache(LOG::warning);
        result.warnings().forEach(w -> LOG.warning(w));
        String version = result.version() == null ? "none" : result.version().toString();
        long engineMs = result.engineTime().toMillis();
        if (result.applied().isEmpty()) {
            out.println("schemagate: " + settings.database() + " is up to date at version " + version
                    + "; nothing pending (engine time " + engineMs + " ms)");
            return ExitCodes.OK;
        }
        out.println("schemagate: applied " + result.applied().size() + " migration"
                + (result.applied().size() == 1 ? "" : "s") + " to " + settings.database() + "; now at version "
                + version + " (engine time " + engineMs + " ms, lock wait "
                + result.lockWait().toMillis() + " ms)");
        for (AppliedMigration m : result.applied()) {
            out.println("  " + m.script() + "  " + m.executionMs() + " ms");
        }
        return ExitCodes.OK;
    }
}
