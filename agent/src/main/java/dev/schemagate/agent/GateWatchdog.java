package dev.schemagate.agent;

import java.io.PrintStream;

/**
 * The watchdog thread of one wait: a progress line every few seconds, and at the deadline it makes the wait
 * expire, which closes the channel and so aborts a blocked connect or read (JDK 17 has no read timeout on Unix
 * SocketChannels, and a Selector would load more classes than one thread costs).
 */
final class GateWatchdog implements Runnable {

    private final GuardedWait guarded;
    private final String label;
    private final PrintStream err;
    private final long startNanos;
    private final long deadlineNanos;
    private final long progressEveryNanos;
    private boolean finished; // guarded by this

    GateWatchdog(
            GuardedWait guarded,
            String label,
            PrintStream err,
            long startNanos,
            long deadlineNanos,
            long progressEveryNanos) {
        this.guarded = guarded;
        this.label = label;
        this.err = err;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.progressEveryNanos = progressEveryNanos;
    }

    /** Starts the watchdog on a daemon thread, so it never keeps the JVM alive. */
    void start() {
        Thread thread = new Thread(this, "schemagate-gate-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ends the watchdog. Synchronized with the progress printing, so once this returns no progress line can follow
     * the caller's final line.
     */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    @Override
    public void run() {
        long nextProgress = startNanos + progressEveryNanos;
        synchronized (this) {
            while (!finished) {
                long now = System.nanoTime();
                if (now - deadlineNanos >= 0) {
                    guarded.expire();
                    return;
                }
                if (now - nextProgress >= 0) {
                    long waited = (now - startNanos) / 1_000_000L;
                    waited = waited < 1000 ? waited : waited / 1000 * 1000;
                    err.println(
                            label + ": waiting " + DurationText.format(waited) + " for schema: " + guarded.status());
                    nextProgress += progressEveryNanos;
                    continue;
                }
                long until = Math.min(nextProgress - now, deadlineNanos - now);
                try {
                    wait(until / 1_000_000L + 1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
