package dev.schemagate.daemon.server;

/** What the server tells the outside (metrics, logs) about its clients. */
public interface SessionObserver {
    SessionObserver NONE = new SessionObserver() {};

    /** A client connected ({@code +1}) or went away ({@code -1}). */
    default void connectedChanged(int delta) {}

    /** An agent started ({@code +1}) or stopped ({@code -1}) waiting for the schema. */
    default void waitingChanged(int delta) {}

    /** An agent said HELLO and now waits; {@link #agentLeft} follows with the same instance. */
    default void agentWaiting(WaitingAgent agent) {}

    /** The agent stopped waiting: released, or its connection closed. */
    default void agentLeft(WaitingAgent agent) {}

    /** An agent was released with READY ({@code ready}) or FAILED, after waiting {@code waitNanos} since HELLO. */
    default void released(String app, boolean ready, long waitNanos) {}

    /**
     * The verdict line of a released agent ({@link #released} comes first) was handed to the kernel: its last byte
     * is written. Called on the session's event loop.
     */
    default void verdictWritten(boolean ready) {}

    /** A client was closed with an ERROR of this code. */
    default void rejected(String code) {}
}
