package dev.schemagate.daemon.systemd;

import dev.schemagate.daemon.server.GateListener;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Tells systemd what the daemon is doing through {@code sd_notify} datagrams; a no-op without {@code NOTIFY_SOCKET}.
 *
 * <p>READY=1 is sent when the first outcome is known (READY or FAILED) and, since the coordinator only runs after
 * the socket is bound, the socket is then bound too. A FAILED outcome is also READY=1: the daemon is up and serving
 * the failure to agents, and STATUS= carries the reason. Timeout policy: while systemd waits for start-up or a
 * reload, every LOCKING or MIGRATING update sends EXTEND_TIMEOUT_USEC={@code extendWindow}, so a run that keeps
 * making progress (a lock attempt, a file) is never killed by TimeoutStartSec, while one that makes no progress for a
 * whole window is. The lock wait is bounded by the lock deadline, so only a single migration file running longer
 * than the window needs a larger window.
 */
public final class SdNotify implements GateListener, AutoCloseable {
    /** Default progress window: longer than any lock attempt, generous for one migration file. */
    public static final Duration DEFAULT_EXTEND_WINDOW = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(SdNotify.class.getName());

    private final String notifySocket;
    private final Duration watchdogInterval;
    private final Duration extendWindow;
    private final LongSupplier monotonicMicros;
    private EventLoopGroup group;
    // Volatile and read without the lock: the watchdog pings from the event loop, which stop() waits for.
    private volatile NotifySocket socket;
    private ScheduledFuture<?> watchdog;
    private long lastSequence = -1;
    private boolean outcomeKnown;
    private boolean reloading;

    SdNotify(String notifySocket, Duration watchdogInterval, Duration extendWindow, LongSupplier monotonicMicros) {
        this.notifySocket = notifySocket;
        this.watchdogInterval = watchdogInterval;
        this.extendWindow = extendWindow;
        this.monotonicMicros = monotonicMicros;
    }

    /** From this process's environment and pid. */
    public static SdNotify fromEnvironment(Duration extendWindow) {
        return create(System.getenv(), ProcessHandle.current().pid(), extendWindow);
    }

    /** From {@code env} as systemd sets it for process {@code pid}. */
    public static SdNotify create(Map<String, String> env, long pid, Duration extendWindow) {
        String target = env.get("NOTIFY_SOCKET");
        return new SdNotify(
                target == null || target.isEmpty() ? null : target,
                Watchdog.interval(env, pid),
                extendWindow,
                SdNotify::monotonicMicros);
    }

    /** CLOCK_MONOTONIC in microseconds: on Linux, HotSpot's nanoTime reads that clock with no offset. */
    static long monotonicMicros() {
        return System.nanoTime() / 1000;
    }

    /** Whether systemd is listening (NOTIFY_SOCKET is set). */
    public boolean enabled() {
        return notifySocket != null;
    }

    /** The watchdog ping interval (half of WATCHDOG_USEC), or null when systemd expects no pings. */
    public Duration watchdogInterval() {
        return watchdogInterval;
    }

    /** Opens the notify socket and starts the watchdog pings; call before subscribing to the coordinator. */
    public synchronized void start() throws InterruptedException {
        if (notifySocket == null || group != null) {
            return;
        }
        group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("schemagate-sdnotify", true), EpollIoHandler.newFactory());
        socket = NotifySocket.open(notifySocket, group);
        if (watchdogInterval != null) {
            long micros = watchdogInterval.toNanos() / 1000;
            watchdog =
                    group.next().scheduleAtFixedRate(() -> send("WATCHDOG=1"), micros, micros, TimeUnit.MICROSECONDS);
            LOG.fine(() -> "systemd watchdog: pinging every " + watchdogInterval.toMillis() + " ms");
        }
    }

    @Override
    public synchronized void changed(GateState state) {
        // subscribe() may deliver the current snapshot after a newer one broadcast from the migrator thread.
        if (state.sequence() <= lastSequence) {
            return;
        }
        lastSequence = state.sequence();
        String status = "STATUS=" + StatusText.of(state);
        Phase phase = state.phase();
        if (phase == Phase.READY || phase == Phase.FAILED) {
            outcomeKnown = true;
            reloading = false;
            send("READY=1\n" + status);
        } else if (phase == Phase.LOCKING || phase == Phase.MIGRATING) {
            String extend = "EXTEND_TIMEOUT_USEC=" + extendWindow.toNanos() / 1000 + "\n";
            if (outcomeKnown && !reloading) {
                reloading = true;
                send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros.getAsLong() + "\n" + extend + status);
            } else {
                send(extend + status);
            }
        }
    }

    /** Sends STOPPING=1 (call first thing on shutdown) and releases the socket; safe to call twice. */
    public synchronized void stop() {
        if (group == null) {
            return;
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        send("STOPPING=1");
        NotifySocket closing = socket;
        socket = null;
        closing.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void send(String text) {
        NotifySocket current = socket;
        if (current != null) {
            current.send(text);
        }
    }
}
