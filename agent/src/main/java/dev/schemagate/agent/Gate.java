package dev.schemagate.agent;

import java.io.PrintStream;

/**
 * The blocking client that waits until the schemagate daemon says the schema is ready; shared by the
 * agent's premain and the {@code schemagate wait} command.
 *
 * <p>It connects to the daemon's socket, retrying every 100 to 250 ms while the daemon is not up
 * yet, sends HELLO, and follows the daemon's STATE lines until READY or FAILED. When the connection
 * drops without a verdict (the daemon restarted) it reconnects. The whole wait is bounded by
 * {@link GateOptions#timeoutMillis()}. It never calls {@code System.exit} and never throws for
 * trouble with the daemon: every ending is a {@link GateOutcome}.
 */
public final class Gate {

    /** How often a progress line is printed while waiting. */
    static final long PROGRESS_EVERY_MILLIS = 5000;

    /** How long a working daemon is watched through its state file before the socket is asked. */
    static final long FILE_WATCH_MILLIS = 2000;

    /** How often the state file is read meanwhile (a stat and a small read). */
    static final long FILE_POLL_MILLIS = 10;

    private Gate() {}

    /**
     * Waits for the daemon's verdict.
     *
     * @param options where and how long to wait
     * @param err receives a progress line every 5 s of waiting ({@code LABEL: waiting 10s for schema: ...});
     *     nothing when the verdict comes sooner; the outcome itself is not printed
     * @return the outcome; see {@link GateOutcome#exitCode()} for the codes
     */
    public static GateOutcome await(GateOptions options, PrintStream err) {
        long start = System.nanoTime();
        GateOutcome viaFile = viaStateFile(options, err, start);
        return viaFile != null ? viaFile : new GateRun(options, err, PROGRESS_EVERY_MILLIS, start).await();
    }

    /**
     * The daemon's state file answers the common cases without the socket's start-up cost: READY already, or soon
     * (a daemon that is starting, locking or migrating is watched through the file for up to
     * {@link #FILE_WATCH_MILLIS}). Null when the socket must be asked: no trusted file, FAILED, requires= not met, or
     * the watch window passed (the socket then reports progress and the holder of the lock).
     */
    private static GateOutcome viaStateFile(GateOptions options, PrintStream err, long start) {
        StateFileCheck check = new StateFileCheck(options, err);
        long watchUntil = start + Math.min(FILE_WATCH_MILLIS, options.timeoutMillis()) * 1_000_000L;
        while (true) {
            int verdict = check.read();
            if (verdict == StateFileCheck.READY) {
                long elapsed = (System.nanoTime() - start) / 1_000_000L;
                return new GateOutcome(0, StateFileCheck.readyReason(check.version()), check.version(), elapsed);
            }
            if (verdict == StateFileCheck.ASK || System.nanoTime() >= watchUntil) {
                return null;
            }
            try {
                Thread.sleep(FILE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
