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
        // The daemon's ready file answers the common case (daemon already READY) without the socket's start-up cost.
        GateOutcome fast = ReadyFileCheck.tryReady(options, err, System.nanoTime());
        if (fast != null) {
            return fast;
        }
        return new GateRun(options, err, PROGRESS_EVERY_MILLIS).await();
    }
}
