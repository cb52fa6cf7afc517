package dev.schemagate.daemon.migrate;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The other tools' histories {@code schemagate import --from} understands; the ids are part of the contract. */
public enum ImportFormat {
    /** Flyway's {@code flyway_schema_history}. */
    FLYWAY("flyway", "flyway_schema_history"),
    /** The seed runner's {@code schema_migrations(id, migration_name, applied_at)} holding file names. */
    SEED("seed", "schema_migrations"),
    /** golang-migrate's {@code schema_migrations(version, dirty)}: one row, the current version. */
    GOLANG_MIGRATE("golang-migrate", "schema_migrations");

    private final String id;
    private final String table;

    ImportFormat(String id, String table) {
        this.id = id;
        this.table = table;
    }

    /** The {@code --from} value. */
    public String id() {
        return id;
    }

    /** The table the tool keeps its history in. */
    public String table() {
        return table;
    }

    /** The format named {@code id}, or null. */
    public static ImportFormat byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst().orElse(null);
    }

    /** "flyway, seed, golang-migrate". */
    public static String ids() {
        return Arrays.stream(values()).map(ImportFormat::id).collect(Collectors.joining(", "));
    }
}
