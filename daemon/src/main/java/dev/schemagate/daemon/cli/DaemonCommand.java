package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.server.SessionObserver;
import dev.schemagate.protocol.ExitCodes;

/** {@code schemagate daemon}: one coordinator per host, serving agents on a Unix socket until SIGTERM. */
final class DaemonCommand {

    int run(SchemagateConfig config) throws InterruptedException {
        ServerSettings server = new ServerSettings(config.socket(), config.maxConnections(), config.helloTimeout());
        try (Daemon daemon = Daemon.start(config.migrate(), server, SessionObserver.NONE)) {
            daemon.installSignalHandlers();
            daemon.awaitStop();
        }
        return ExitCodes.OK;
    }
}
