package dev.schemagate.daemon.migrate;

/**
 * One line of {@code schemagate status}: a migration's version, description and state.
 *
 * @param applied the history row, or null when not applied
 * @param file    the file in the folder, or null when missing
 */
public record MigrationStatus(
        MigrationVersion version,
        String description,
        MigrationState state,
        AppliedMigration applied,
        MigrationFile file) {}
