package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.migrate.ExistingSchema;
import dev.schemagate.daemon.migrate.ForeignHistory;
import dev.schemagate.daemon.migrate.HistoryReader;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationPlan;
import dev.schemagate.daemon.migrate.MigrationResolver;
import dev.schemagate.daemon.migrate.MigrationStatus;
import dev.schemagate.daemon.migrate.SchemaHistory;
import dev.schemagate.daemon.migrate.Snapshot;
import dev.schemagate.daemon.migrate.Snapshots;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code schemagate status}: every migration with its state, as a table or as JSON. Reads without the lock.
 *
 * <p>Exits 0 even when files drift: showing drift is its job; {@code validate} is the one that fails on it.
 */
final class StatusCommand {
    private final PrintStream out;

    StatusCommand(PrintStream out) {
        this.out = out;
    }

    int run(SchemagateConfig config, boolean asJson) {
        MigrateSettings settings = config.migrate();
        MigrationPlan plan = HistoryReader.planWithoutLock(settings, MigrationResolver.resolve(settings.migrations()));
        ExistingSchema unadopted = HistoryReader.unadoptedSchema(settings);
        Snapshot latestSnapshot = Snapshots.latest(config.snapshots().dir(), settings.database());
        if (asJson) {
            ObjectNode root = json(settings, plan, unadopted);
            if (latestSnapshot == null) {
                root.putNull("latestSnapshot");
            } else {
                // The fields of /status's latestSnapshot, less the time taken (not known from the file).
                ObjectNode s = root.putObject("latestSnapshot");
                s.put("file", latestSnapshot.file().toString());
                s.put("from", latestSnapshot.from());
                s.put("to", latestSnapshot.to());
                s.put("bytes", latestSnapshot.bytes());
                s.put("takenAt", latestSnapshot.takenAt().toString());
            }
            out.println(Json.write(root));
        } else {
            out.print(table(plan));
            out.println(summary(settings, plan));
            if (latestSnapshot != null) {
                out.println("latest snapshot: " + latestSnapshot.file() + " (" + latestSnapshot.describe() + ")");
            }
            if (unadopted != null) {
                out.println("not adopted: " + unadopted.tables().size() + " tables and no " + SchemaHistory.TABLE
                        + (unadopted.foreign().isEmpty()
                                ? ""
                                : "; history of another tool: "
                                        + unadopted.foreign().stream()
                                                .map(ForeignHistory::describe)
                                                .collect(Collectors.joining(", ")))
                        + ". migrate refuses it until 'schemagate import' or 'schemagate baseline' adopts it");
            }
        }
        return ExitCodes.OK;
    }

    static String table(MigrationPlan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VERSION", "DESCRIPTION", "STATE", "APPLIED_AT", "MS", "KIND"});
        for (MigrationStatus s : plan.statuses()) {
            rows.add(new String[] {
                s.version().toString(),
                s.description(),
                s.state().label(),
                s.applied() == null ? "" : s.applied().appliedAt(),
                s.applied() == null ? "" : Long.toString(s.applied().executionMs()),
                s.applied() == null ? "" : s.applied().kind()
            });
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String summary(MigrateSettings settings, MigrationPlan plan) {
        return settings.database() + ": version " + (plan.highestApplied() == null ? "none" : plan.highestApplied())
                + ", " + plan.pending().size() + " pending, " + plan.problems().size() + " problem"
                + (plan.problems().size() == 1 ? "" : "s") + ", "
                + plan.missing().size() + " missing";
    }

    private static ObjectNode json(MigrateSettings settings, MigrationPlan plan, ExistingSchema unadopted) {
        ObjectNode root = Json.object();
        root.put("database", settings.database().toString());
        root.put(
                "version",
                plan.highestApplied() == null ? null : plan.highestApplied().toString());
        root.put("pending", plan.pending().size());
        ArrayNode problems = root.putArray("problems");
        plan.problems().forEach(problems::add);
        root.put("adopted", unadopted == null);
        if (unadopted != null) {
            ArrayNode foreign = root.putArray("foreignHistories");
            for (ForeignHistory f : unadopted.foreign()) {
                ObjectNode o = foreign.addObject();
                o.put("table", f.table());
                o.put("tool", f.tool());
                o.put("importFrom", f.format() == null ? null : f.format().id());
            }
        }
        ArrayNode migrations = root.putArray("migrations");
        for (MigrationStatus s : plan.statuses()) {
            ObjectNode m = migrations.addObject();
            m.put("version", s.version().toString());
            m.put("description", s.description());
            m.put("state", s.state().label());
            m.put("script", s.file() != null ? s.file().script() : s.applied().script());
            m.put("checksum", s.file() != null ? s.file().checksum() : null);
            m.put("appliedAt", s.applied() == null ? null : s.applied().appliedAt());
            if (s.applied() == null) {
                m.putNull("executionMs");
                m.putNull("appliedBy");
                m.putNull("kind");
            } else {
                m.put("executionMs", s.applied().executionMs());
                m.put("appliedBy", s.applied().appliedBy());
                m.put("kind", s.applied().kind());
            }
        }
        return root;
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
