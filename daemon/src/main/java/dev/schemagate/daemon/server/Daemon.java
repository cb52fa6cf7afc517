package dev.schemagate.daemon.server;

import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.SnapshotSettings;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * The whole daemon: coordinator plus socket server, reloaded by SIGHUP and stopped cleanly by SIGTERM or SIGINT.
 *
 * <p>The JVM's default SIGHUP action is to exit, so the daemon must install its own handler before it serves.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final Coordinator coordinator;
    private final DaemonServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Runnable> stoppingHooks = new CopyOnWriteArrayList<>();

    private Daemon(Coordinator coordinator, DaemonServer server) {
        this.coordinator = coordinator;
        this.server = server;
    }

    /** Binds the socket, then starts the first migration run; agents connecting meanwhile wait. */
    public static Daemon start(MigrateSettings migrate, ServerSettings settings, SessionObserver observer) {
        return start(migrate, settings, observer, RunObserver.NONE);
    }

    /** As {@link #start(MigrateSettings, ServerSettings, SessionObserver)}, also reporting every run to {@code runs}. */
    public static Daemon start(
            MigrateSettings migrate, ServerSettings settings, SessionObserver observer, RunObserver runs) {
        return start(migrate, SnapshotSettings.OFF, settings, observer, runs);
    }

    /** As above, taking a snapshot into {@code snapshots.dir()} before each non-empty batch when it is set. */
    public static Daemon start(
            MigrateSettings migrate,
            SnapshotSettings snapshots,
            ServerSettings settings,
            SessionObserver observer,
            RunObserver runs) {
        Coordinator coordinator = new Coordinator(migrate, snapshots, runs);
        DaemonServer server;
        try {
            server = DaemonServer.start(settings, coordinator, observer);
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        Daemon daemon = new Daemon(coordinator, server);
        StateFilePublisher stateFile = new StateFilePublisher(settings.socket());
        if (settings.allow().isOpen()) {
            // Subscribing writes STARTING at once, replacing whatever a predecessor killed while READY left.
            coordinator.subscribe(stateFile);
            daemon.onStopping(() -> {
                coordinator.unsubscribe(stateFile);
                stateFile.delete();
            });
        } else {
            // Reading a file needs no peer credentials: with an allow-list every agent must ask over the socket.
            stateFile.delete();
        }
        coordinator.runMigrations();
        return daemon;
    }

    /** Handles SIGHUP (re-scan and migrate again) and SIGTERM/SIGINT (stop). */
    public void installSignalHandlers() {
        Signal.handle(new Signal("HUP"), signal -> {
            coordinator.runMigrations();
            // Logged once the run is queued: from here on, agents that connect wait for its outcome.
            LOG.info("SIGHUP: a run is queued to re-scan the migrations folder and migrate again");
        });
        Signal.handle(new Signal("TERM"), signal -> stop("SIGTERM"));
        Signal.handle(new Signal("INT"), signal -> stop("SIGINT"));
        // `schemagate daemon` holds signals from its first line (EarlySignals) and replays them after this.
        LOG.info("signal handlers installed: SIGHUP migrates again, SIGTERM stops");
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public DaemonServer server() {
        return server;
    }

    /** Runs {@code hook} first thing when the daemon stops, before the socket closes (systemd: STOPPING=1). */
    public void onStopping(Runnable hook) {
        stoppingHooks.add(hook);
    }

    /** Blocks until the daemon is stopped. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void stop(String why) {
        LOG.info(() -> why + ": stopping; the socket is removed and waiting agents reconnect to the next daemon");
        close();
    }

    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        for (Runnable hook : stoppingHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warning(() -> "a stopping hook failed; stopping anyway: " + e);
            }
        }
        server.close();
        coordinator.close();
        stopped.countDown();
    }
}
