package dev.schemagate.daemon.config;

import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.AllowList;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;

/**
 * The one immutable, validated configuration, built from file + environment + flags by {@link ConfigBinder}.
 *
 * @param socket  the daemon's socket, or null for commands that do not use one
 * @param metrics the HTTP endpoint's address, or null when turned off
 * @param allow   who may use the daemon's socket, by peer credentials
 */
public record SchemagateConfig(
        MigrateSettings migrate,
        Path socket,
        InetSocketAddress metrics,
        Level logLevel,
        int maxConnections,
        Duration helloTimeout,
        AllowList allow) {}
