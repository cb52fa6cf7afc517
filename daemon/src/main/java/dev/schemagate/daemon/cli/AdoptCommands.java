package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.Adopter;
import dev.schemagate.daemon.migrate.Adopter.Adoption;
import dev.schemagate.daemon.migrate.ImportFormat;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;

/** {@code schemagate baseline} and {@code schemagate import}: adopt a database that has tables but no history. */
final class AdoptCommands {
    private final PrintStream out;

    AdoptCommands(PrintStream out) {
        this.out = out;
    }

    int baseline(SchemagateConfig config, String versionText, boolean asJson) {
        if (versionText == null) {
            throw new UsageException("baseline needs --version V: the version the schema already holds");
        }
        MigrationVersion version = MigrationVersion.parseOrNull(versionText);
        if (version == null) {
            throw new UsageException("--version '" + versionText
                    + "' is not a version: expected numbers separated by '.' or '_', such as 2, 10.1 or 1_2_3");
        }
        Adoption adoption = new Adopter(config.migrate()).baseline(version);
        AdoptionReport.print(
                out,
                config.migrate().database(),
                "recorded a baseline at version " + version + " (files up to it will never run)",
                adoption,
                asJson);
        return ExitCodes.OK;
    }

    int importHistory(SchemagateConfig config, String fromText, boolean asJson) {
        ImportFormat from = null;
        if (fromText != null) {
            from = ImportFormat.byId(fromText);
            if (from == null) {
                throw new UsageException("--from '" + fromText
                        + "' is not a format schemagate imports; expected one of " + ImportFormat.ids());
            }
        }
        Adoption adoption = new Adopter(config.migrate()).importFrom(from);
        AdoptionReport.print(
                out,
                config.migrate().database(),
                "imported " + adoption.rows().size() + " rows from "
                        + adoption.from().table() + " ("
                        + adoption.from().id() + "); " + adoption.from().table()
                        + " is untouched: drop it once satisfied (README, \"Adopting an existing database\")",
                adoption,
                asJson);
        return ExitCodes.OK;
    }
}
