package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.server.Daemon;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * Holds SIGHUP, SIGTERM and SIGINT from the first moment of the daemon command until the daemon's own handlers are
 * in place, then replays them.
 *
 * <p>The JVM's default action for SIGHUP is to exit (129). Between binding the socket (when scripts and agents can
 * see the daemon) and installing the daemon's handlers, a reload would otherwise kill it: the chaos test found that
 * window. A reload asked for early is replayed as one reload (runs coalesce anyway); a stop as a stop.
 */
final class EarlySignals {
    private static final Logger LOG = Logger.getLogger(EarlySignals.class.getName());

    private final AtomicReference<String> stop = new AtomicReference<>();
    private volatile boolean reload;

    private EarlySignals() {}

    static EarlySignals install() {
        EarlySignals early = new EarlySignals();
        Signal.handle(new Signal("HUP"), s -> early.reload = true);
        Signal.handle(new Signal("TERM"), s -> early.stop.compareAndSet(null, "SIGTERM"));
        Signal.handle(new Signal("INT"), s -> early.stop.compareAndSet(null, "SIGINT"));
        return early;
    }

    /** Call right after {@link Daemon#installSignalHandlers()}: acts on what arrived before. */
    void replay(Daemon daemon) {
        String why = stop.get();
        if (why != null) {
            LOG.info(() -> why + " arrived while the daemon was starting: stopping");
            daemon.close();
        } else if (reload) {
            LOG.info("SIGHUP arrived while the daemon was starting: a run is queued to migrate again");
            daemon.coordinator().runMigrations();
        }
    }
}
