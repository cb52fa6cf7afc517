package dev.schemagate.daemon.migrate;

import java.nio.file.Path;

/**
 * One migration script found on disk: its version, description, normalized text and checksum.
 *
 * @param script the file name, as recorded in the history table
 * @param sql    the normalized text (no BOM, LF line endings): what the engine runs; null only in the files that
 *     {@link Migrator#migrateWithChecksumCache} takes from the {@link ChecksumCache} to decide a no-op, never in
 *     files that are applied, validated or shown
 */
public record MigrationFile(
        MigrationVersion version, String description, String script, Path path, String sql, String checksum) {}
