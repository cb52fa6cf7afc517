package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.metrics.DaemonMetrics;
import dev.schemagate.daemon.metrics.MetricsHttpServer;
import dev.schemagate.daemon.migrate.Snapshots;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.RunObserver;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.server.SessionObserver;
import dev.schemagate.daemon.systemd.SdNotify;
import dev.schemagate.protocol.ExitCodes;
import java.time.Duration;

/**
 * {@code schemagate daemon}: one coordinator per host, serving agents on a Unix socket until SIGTERM, with
 * Prometheus metrics over HTTP and systemd notifications.
 */
final class DaemonCommand {

    int run(SchemagateConfig config) throws InterruptedException {
        EarlySignals early = EarlySignals.install();
        ServerSettings server =
                new ServerSettings(config.socket(), config.maxConnections(), config.helloTimeout(), config.allow());
        // With --metrics off nothing reads the meters, so the registry (~230 classes, ~0.5 s of a cold start) is
        // not built at all.
        boolean withMetrics = config.metrics() != null;
        try (SdNotify systemd = SdNotify.fromEnvironment(extendWindow(config));
                DaemonMetrics metrics = withMetrics ? new DaemonMetrics() : null) {
            systemd.start();
            if (withMetrics && config.snapshots().enabled()) {
                // /status shows the newest snapshot after a restart too, not only those this process takes.
                metrics.snapshotFound(Snapshots.latest(
                        config.snapshots().dir(), config.migrate().database()));
            }
            SessionObserver sessions = withMetrics ? metrics : SessionObserver.NONE;
            RunObserver runs = withMetrics ? metrics : RunObserver.NONE;
            try (Daemon daemon = Daemon.start(config.migrate(), config.snapshots(), server, sessions, runs);
                    MetricsHttpServer http = withMetrics
                            ? MetricsHttpServer.start(config.metrics(), metrics, () -> {
                                // /readyz (and /status) must not report READY for a file deleted or replaced since.
                                daemon.coordinator().recheckDatabase();
                                return daemon.coordinator().state();
                            })
                            : null) {
                daemon.onStopping(systemd::stop); // STOPPING=1 before the socket closes
                daemon.installSignalHandlers();
                early.replay(daemon);
                // Subscribed after the bind: READY=1 must never reach systemd before agents can connect.
                daemon.coordinator().subscribe(systemd);
                daemon.awaitStop();
            }
        }
        return ExitCodes.OK;
    }

    /**
     * systemd's start timeout is extended while a run makes progress, by a window that covers the lock deadline,
     * so a legitimately long lock wait is not killed by TimeoutStartSec.
     */
    private static Duration extendWindow(SchemagateConfig config) {
        Duration deadline = config.migrate().lock().deadline().plusSeconds(30);
        return deadline.compareTo(SdNotify.DEFAULT_EXTEND_WINDOW) > 0 ? deadline : SdNotify.DEFAULT_EXTEND_WINDOW;
    }
}
