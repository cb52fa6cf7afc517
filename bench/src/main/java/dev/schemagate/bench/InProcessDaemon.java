package dev.schemagate.bench;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.MigrationResult;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.daemon.server.RunObserver;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.server.SessionObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A real {@link Daemon} in this JVM, with the moments the benchmarks need: commit, READY, agents waiting. */
final class InProcessDaemon implements AutoCloseable {
    final Daemon daemon;
    final Path socket;
    /** nanoTime when the batch's COMMIT returned (MigrationListener.committed): where row 2a's clock starts. */
    volatile long committedNanos;
    /** currentTimeMillis at the same moment, to find the fan-out's window in a profile. */
    volatile long committedEpochMillis;
    /** nanoTime when the run's outcome arrived: after COMMIT, the connection's close and the engine's log line. */
    volatile long finishedNanos;
    /** nanoTime when the READY state was published (after the outcome). */
    volatile long readyNanos;

    final CountDownLatch ready = new CountDownLatch(1);
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger connected = new AtomicInteger();
    /** Connections ever accepted: agents that asked over the socket instead of reading the state file. */
    final AtomicInteger everConnected = new AtomicInteger();
    /** nanoTime of the latest release (READY handed to the session, just before its write): the daemon's side. */
    volatile long lastReleaseNanos;
    /** nanoTime of the latest READY line handed to the kernel (SessionObserver.verdictWritten): row 2a's end. */
    final AtomicLong lastWrittenNanos = new AtomicLong();
    /** Per event loop thread, the nanoTime of its first READY line handed to the kernel. */
    final Map<Thread, Long> firstWrittenByLoop = new ConcurrentHashMap<>();

    final AtomicInteger written = new AtomicInteger();

    InProcessDaemon(Path db, Path migrations, Path socket, int maxConnections) {
        this.socket = socket;
        MigrateSettings settings = new MigrateSettings(
                db,
                migrations,
                new LockSettings(Duration.ofSeconds(60), 10, Duration.ofMillis(100), Duration.ofSeconds(120)),
                false);
        RunObserver runs = new RunObserver() {
            @Override
            public void committed() {
                committedNanos = System.nanoTime();
                committedEpochMillis = System.currentTimeMillis();
            }

            @Override
            public void finished(MigrationResult result) {
                finishedNanos = System.nanoTime();
            }

            @Override
            public void changed(GateState state) {
                if (state.phase() == Phase.READY && readyNanos == 0) {
                    readyNanos = System.nanoTime();
                    ready.countDown();
                }
            }
        };
        SessionObserver sessions = new SessionObserver() {
            @Override
            public void connectedChanged(int delta) {
                connected.addAndGet(delta);
                if (delta > 0) {
                    everConnected.addAndGet(delta);
                }
            }

            @Override
            public void waitingChanged(int delta) {
                waiting.addAndGet(delta);
            }

            @Override
            public void released(String app, boolean ready, long waitNanos) {
                lastReleaseNanos = Math.max(lastReleaseNanos, System.nanoTime());
            }

            @Override
            public void verdictWritten(boolean ready) {
                // Event loops call this concurrently: the max must not lose an update. A plain CAS loop, not
                // accumulateAndGet(now, Math::max): linking that method reference ran inside the first (cold)
                // fan-out's window and was counted as the daemon's time.
                long now = System.nanoTime();
                long seen;
                while ((seen = lastWrittenNanos.get()) < now && !lastWrittenNanos.compareAndSet(seen, now)) {
                    // another loop moved it; look again
                }
                firstWrittenByLoop.putIfAbsent(Thread.currentThread(), now);
                written.incrementAndGet();
            }
        };
        this.daemon = Daemon.start(
                settings, new ServerSettings(socket, maxConnections, Duration.ofSeconds(30)), sessions, runs);
    }

    /** The latest of the loops' first READY writes: when the last loop got past the work queued before it. */
    long lastLoopStartedWriting() {
        return firstWrittenByLoop.values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
    }

    void awaitReady() throws InterruptedException {
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    "daemon not READY after 120 s: " + daemon.coordinator().state());
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
