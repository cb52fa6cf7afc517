package dev.schemagate.daemon.migrate;

import java.nio.file.Path;

/**
 * One migration script found on disk: its version, description, normalized text and checksum.
 *
 * @param script the file name, as recorded in the history table
 * @param sql    the normalized text (no BOM, LF line endings): what the engine runs
 */
public record MigrationFile(
        MigrationVersion version, String description, String script, Path path, String sql, String checksum) {}
