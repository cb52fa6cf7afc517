package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The database has tables but no schemagate history: applying the folder would run its first migration on a schema
 * that already exists. Nothing ran; exit 65 and the daemon's FAILED code NOT_ADOPTED.
 */
public final class NotAdoptedException extends SchemagateException {
    private final ExistingSchema schema;

    private NotAdoptedException(String message, ExistingSchema schema) {
        super(ExitCodes.DATA_ERR, message);
        this.schema = schema;
    }

    /** What was found: the tables and the other tools' histories. */
    public ExistingSchema schema() {
        return schema;
    }

    /**
     * Throws when the connection's database has tables but no history table; call it before anything is applied.
     * A database without tables (new, or empty) is not refused: there is nothing to adopt.
     */
    static void refuseIfUnadopted(Connection connection, MigrateSettings settings, boolean hasHistory)
            throws SQLException {
        if (hasHistory) {
            return;
        }
        ExistingSchema schema = ExistingSchema.inspect(connection);
        if (!schema.isEmpty()) {
            throw of(settings, schema);
        }
    }

    static NotAdoptedException of(MigrateSettings settings, ExistingSchema schema) {
        List<String> tables = schema.tables();
        StringBuilder sb = new StringBuilder("schemagate: ")
                .append(settings.database())
                .append(" has ")
                .append(tables.size())
                .append(tables.size() == 1 ? " table" : " tables")
                .append(" but no ")
                .append(SchemaHistory.TABLE)
                .append(": schemagate does not know which migrations it already holds, and will not run them on it"
                        + " blindly. Nothing was applied.\n  tables: ")
                .append(shortList(tables));
        for (ForeignHistory f : schema.foreign()) {
            sb.append("\n  history of another tool: ").append(f.describe());
        }
        String where = " --db " + settings.database() + " --migrations " + settings.migrations();
        List<ForeignHistory> importable = schema.importable();
        sb.append("\nAction: ");
        if (importable.size() == 1) {
            sb.append("take over ")
                    .append(importable.get(0).tool())
                    .append("'s history with 'schemagate import")
                    .append(where)
                    .append(" --from ")
                    .append(importable.get(0).format().id())
                    .append("'");
        } else if (importable.size() > 1) {
            sb.append("take over one tool's history with 'schemagate import")
                    .append(where)
                    .append(" --from FORMAT' (")
                    .append(ImportFormat.ids())
                    .append(")");
        } else {
            sb.append("if the schema already holds every migration up to version V, record that with"
                            + " 'schemagate baseline")
                    .append(where)
                    .append(" --version V'");
        }
        if (!importable.isEmpty()) {
            sb.append(", or record a baseline with 'schemagate baseline")
                    .append(where)
                    .append(" --version V'");
        }
        sb.append("; then run schemagate again (see README, \"Adopting an existing database\").");
        return new NotAdoptedException(sb.toString(), schema);
    }

    private static String shortList(List<String> tables) {
        int shown = Math.min(tables.size(), 20);
        String list = String.join(", ", tables.subList(0, shown));
        return tables.size() > shown ? list + ", ... (" + (tables.size() - shown) + " more)" : list;
    }
}
