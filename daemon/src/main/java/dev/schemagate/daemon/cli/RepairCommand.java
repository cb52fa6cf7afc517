package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.Drift;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.daemon.migrate.Repairer;
import dev.schemagate.daemon.migrate.Repairer.Repair;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code schemagate repair}: shows the diff of each drifted applied file and, with {@code --yes} only, records the
 * files' new checksums (the old ones go to {@code schemagate_repairs}).
 *
 * <p>Without {@code --yes} it exits {@link #NEEDS_CONFIRMATION}: EX_NOPERM (77), "not permitted", because the
 * operator has not yet given the permission the change needs. It is the one code repair has for that and nothing
 * else (64 is a mistyped command line, 65 a refusal on the files, 75 the lock), so a script can tell "would repair,
 * needs --yes" from every failure.
 */
final class RepairCommand {
    /** Part of the contract: see the class comment. */
    static final int NEEDS_CONFIRMATION = ExitCodes.NO_PERM;

    static final String VERSION = "version";

    private final PrintStream out;

    RepairCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * The values of every {@code --version} in {@code args} (repeated, or comma-separated); {@code rest} gets the
     * other arguments. Repeating an option is otherwise a usage error, hence this step before the common parser.
     */
    static Set<MigrationVersion> versions(List<String> args, List<String> rest) {
        Set<MigrationVersion> versions = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value;
            if (arg.equals("--" + VERSION)) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException("--version needs a value");
                }
                value = args.get(++i);
            } else if (arg.startsWith("--" + VERSION + "=")) {
                value = arg.substring(VERSION.length() + 3);
            } else {
                rest.add(arg);
                continue;
            }
            for (String text : value.split(",", -1)) {
                MigrationVersion version = MigrationVersion.parseOrNull(text.trim());
                if (version == null) {
                    throw new UsageException("--version '" + text
                            + "' is not a version: expected numbers separated by '.' or '_', such as 2, 10.1 or 1_2_3");
                }
                versions.add(version);
            }
        }
        return versions;
    }

    int run(SchemagateConfig config, Set<MigrationVersion> versions, boolean confirmed, boolean asJson) {
        Path database = config.migrate().database();
        Repair repair = new Repairer(config.migrate()).repair(versions, confirmed);
        boolean needsConfirmation = !repair.drift().isEmpty() && !repair.repaired();
        if (asJson) {
            ObjectNode root = Json.object();
            root.put("database", database.toString());
            root.put("repaired", repair.repaired());
            root.put("confirmationNeeded", needsConfirmation);
            root.put("auditTable", "schemagate_repairs");
            DriftJson.add(root.putArray("drift"), repair.drift());
            out.println(Json.write(root));
            return needsConfirmation ? NEEDS_CONFIRMATION : ExitCodes.OK;
        }
        if (repair.drift().isEmpty()) {
            out.println("schemagate: nothing to repair: every applied file in "
                    + config.migrate().migrations()
                    + (versions.isEmpty() ? "" : " among the versions named")
                    + " matches the history of " + database);
            return ExitCodes.OK;
        }
        repair.drift().forEach(d -> out.print(d.shown()));
        List<String> names = new ArrayList<>();
        for (Drift d : repair.drift()) {
            names.add(d.file().script());
        }
        if (!repair.repaired()) {
            throw new SchemagateException(
                    NEEDS_CONFIRMATION,
                    "schemagate: " + names.size() + " applied " + (names.size() == 1 ? "file differs" : "files differ")
                            + " from what the history of " + database + " records: " + String.join(", ", names)
                            + "; nothing was changed. Action: read the diff above; if the edit is intentional and"
                            + " changes nothing that ran (a comment, formatting), run the same command with --yes to"
                            + " record the files as they are now (the old checksums and texts are kept in"
                            + " schemagate_repairs); otherwise restore the files and put the change in a new migration.");
        }
        out.println(
                "schemagate: repaired " + names.size() + " history " + (names.size() == 1 ? "row" : "rows")
                        + " of " + database + ": " + String.join(", ", names)
                        + " now recorded as in the folder; the old checksums and texts are in schemagate_repairs."
                        + " Reload a daemon serving this database (systemctl reload schemagate) so it reads the history again.");
        return ExitCodes.OK;
    }
}
