package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.migrate.Adopter.Adoption;
import dev.schemagate.daemon.migrate.AppliedMigration;
import dev.schemagate.daemon.migrate.MigrationPlan;
import java.io.PrintStream;
import java.nio.file.Path;

/** Prints what {@code baseline} or {@code import} recorded, as text or JSON. */
final class AdoptionReport {
    private AdoptionReport() {}

    static void print(PrintStream out, Path database, String what, Adoption adoption, boolean asJson) {
        MigrationPlan plan = adoption.plan();
        if (asJson) {
            ObjectNode root = Json.object();
            root.put("database", database.toString());
            root.put("from", adoption.from() == null ? null : adoption.from().id());
            root.put(
                    "version",
                    plan.highestApplied() == null ? null : plan.highestApplied().toString());
            root.put("pending", plan.pending().size());
            ArrayNode rows = root.putArray("rows");
            for (AppliedMigration row : adoption.rows()) {
                ObjectNode o = rows.addObject();
                o.put("version", row.version().toString());
                o.put("script", row.script());
                o.put("kind", row.kind());
                o.put("appliedAt", row.appliedAt());
                o.put("appliedBy", row.appliedBy());
            }
            ArrayNode warnings = root.putArray("warnings");
            adoption.warnings().forEach(warnings::add);
            out.println(Json.write(root));
            return;
        }
        for (AppliedMigration row : adoption.rows()) {
            out.println("  " + row.kind() + "  " + row.version() + "  " + row.script() + "  (applied " + row.appliedAt()
                    + " by " + row.appliedBy() + ")");
        }
        for (String w : adoption.warnings()) {
            out.println("  warning: " + w);
        }
        out.println("schemagate: " + what + "; " + database + " is now at version "
                + (plan.highestApplied() == null ? "none" : plan.highestApplied()) + ", "
                + plan.pending().size()
                + " pending (run 'schemagate migrate' or reload the daemon to apply them)");
    }
}
