package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.ConfigException;
import dev.schemagate.daemon.config.Durations;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.server.SessionObserver;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code schemagate daemon}: one coordinator per host, serving agents on a Unix socket until SIGTERM. */
final class DaemonCommand {
    static final Set<String> VALUE_OPTIONS = Set.of("socket", "max-connections", "hello-timeout");

    int run(Arguments args) throws InterruptedException {
        MigrateSettings migrate = EngineOptions.settings(args);
        ServerSettings server = serverSettings(args);
        try (Daemon daemon = Daemon.start(migrate, server, SessionObserver.NONE)) {
            daemon.installSignalHandlers();
            daemon.awaitStop();
        }
        return ExitCodes.OK;
    }

    static ServerSettings serverSettings(Arguments args) {
        Path socket = Path.of(args.required("socket"));
        List<String> problems = new ArrayList<>();
        int max = ServerSettings.DEFAULT_MAX_CONNECTIONS;
        String maxText = args.get("max-connections");
        if (maxText != null) {
            try {
                max = Integer.parseInt(maxText.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 1_000_000) {
                problems.add("--max-connections '" + maxText + "': expected a whole number from 1 to 1000000");
            }
        }
        Duration hello = ServerSettings.DEFAULT_HELLO_TIMEOUT;
        String helloText = args.get("hello-timeout");
        if (helloText != null) {
            hello = Durations.parseOrNull(helloText);
            if (hello == null || hello.isZero()) {
                problems.add("--hello-timeout '" + helloText + "': expected " + Durations.EXPECTED + " (above zero)");
            }
        }
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
            problems.add("--socket '" + socket + "': expected a path of at most 107 bytes (the kernel's limit for"
                    + " Unix socket addresses)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServerSettings(socket, max, hello);
    }
}
