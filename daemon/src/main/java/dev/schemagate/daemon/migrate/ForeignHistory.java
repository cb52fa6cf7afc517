package dev.schemagate.daemon.migrate;

import java.util.Set;

/**
 * Another migration tool's history table found in a database.
 *
 * @param table  the table's name
 * @param tool   the tool, as people name it ("Flyway", "golang-migrate")
 * @param format what {@code schemagate import --from} calls it, or null when schemagate cannot import it
 */
public record ForeignHistory(String table, String tool, ImportFormat format) {

    /** Recognises a table by its name and columns (several tools share the name {@code schema_migrations}). */
    static ForeignHistory recognise(String table, Set<String> columns) {
        String name = table.toLowerCase(java.util.Locale.ROOT);
        if (name.equals(ImportFormat.FLYWAY.table()) && columns.containsAll(Set.of("version", "checksum", "success"))) {
            return new ForeignHistory(table, "Flyway", ImportFormat.FLYWAY);
        }
        if (name.equals("schema_migrations")) {
            if (columns.containsAll(Set.of("migration_name", "applied_at"))) {
                return new ForeignHistory(table, "the seed runner", ImportFormat.SEED);
            }
            if (columns.containsAll(Set.of("version", "dirty"))) {
                return new ForeignHistory(table, "golang-migrate", ImportFormat.GOLANG_MIGRATE);
            }
            if (columns.contains("version")) {
                return new ForeignHistory(table, "Rails or dbmate", null);
            }
        }
        if (name.equals("_sqlx_migrations")) {
            return new ForeignHistory(table, "sqlx", null);
        }
        if (name.equals("databasechangelog")) {
            return new ForeignHistory(table, "Liquibase", null);
        }
        if (name.equals("alembic_version")) {
            return new ForeignHistory(table, "Alembic", null);
        }
        return null;
    }

    /** "flyway_schema_history (Flyway; import --from flyway)". */
    public String describe() {
        return table + " (" + tool
                + (format == null ? "; schemagate cannot import it" : "; import --from " + format.id()) + ")";
    }
}
