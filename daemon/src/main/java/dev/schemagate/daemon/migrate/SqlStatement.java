package dev.schemagate.daemon.migrate;
public record SqlStatement(String sql, int line) {}
