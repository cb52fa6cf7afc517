package dev.schemagate.daemon.migrate;

/**
 * One statement of a migration script: its text and the 1-based line where it starts.
 *
 * @param sql  the statement text without leading/trailing whitespace, leading/trailing comments
 *             and the terminating {@code ;} (comments inside the statement are kept; SQLite accepts them)
 * @param line the 1-based line of the statement's first real token, so errors can point at it
 */
public record SqlStatement(String sql, int line) {
}
