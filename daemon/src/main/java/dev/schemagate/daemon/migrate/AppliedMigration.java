package dev.schemagate.daemon.migrate;

/**
 * One row of the {@code schemagate_history} table: a migration that was applied.
 *
 * @param appliedAt   ISO-8601 UTC instant of the commit's transaction
 * @param appliedBy   {@code host:pid} of the process that applied it
 */
public record AppliedMigration(
        MigrationVersion version,
        String description,
        String script,
        String checksum,
        String appliedAt,
        long executionMs,
        String appliedBy) {}
