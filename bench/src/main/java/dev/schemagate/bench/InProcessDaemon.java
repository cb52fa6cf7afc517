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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real {@link Daemon} in this JVM, with the moments the benchmarks need: commit, READY, agents waiting. */
final class InProcessDaemon implements AutoCloseable {
    final Daemon daemon;
    final Path socket;
    /** nanoTime when the run's outcome arrived: right after COMMIT, before READY is published. */
    volatile long finishedNanos;
    /** nanoTime when the READY state was published (after the outcome). */
    volatile long readyNanos;

    final CountDownLatch ready = new CountDownLatch(1);
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger connected = new AtomicInteger();
    /** nanoTime of the latest release (READY handed to the session, just before its write): the daemon's side. */
    volatile long lastReleaseNanos;

    InProcessDaemon(Path db, Path migrations, Path socket, int maxConnections) {
        this.socket = socket;
        MigrateSettings settings = new MigrateSettings(
                db,
                migrations,
                new LockSettings(Duration.ofSeconds(60), 10, Duration.ofMillis(100), Duration.ofSeconds(120)),
                false);
        RunObserver runs = new RunObserver() {
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
            }

            @Override
            public void waitingChanged(int delta) {
                waiting.addAndGet(delta);
            }

            @Override
            public void released(String app, boolean ready, long waitNanos) {
                lastReleaseNanos = Math.max(lastReleaseNanos, System.nanoTime());
            }
        };
        this.daemon = Daemon.start(
                settings, new ServerSettings(socket, maxConnections, Duration.ofSeconds(30)), sessions, runs);
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
