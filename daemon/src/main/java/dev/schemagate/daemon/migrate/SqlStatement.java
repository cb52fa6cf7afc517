package dev.schemagate.daemon.migrate;

/**
 * One statement of a migration script: its text and the 1-based line where it starts.
 *
 * @param sql  the statement text without leading/trailing whitespace, leading/trailing comments
 *             and the terminating {@code ;} (comments inside the statement are kept; SQLite accepts them).
 *             Cutting trailing comments means appending {@code ;} is always safe; the one visible effect is
 *             that a CREATE's text in sqlite_schema lacks a comment that stood between it and its {@code ;}
 * @param line the 1-based line of the statement's first real token, so errors can point at it
 */
public record SqlStatement(String sql, int line) {}
