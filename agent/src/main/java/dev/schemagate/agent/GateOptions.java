package dev.schemagate.agent;

import java.nio.file.Path;

/** What {@link Gate#await} waits for: the daemon's socket, the deadline, and how to introduce itself. */
public final class GateOptions {

    private final Path socket;
    private final long timeoutMillis;
    private final String requires;
    private final String app;
    private final String label;

    /**
     * Options for one wait; values are expected to be validated already (the agent's option parser
     * and the {@code schemagate wait} command do that and report bad values themselves).
     *
     * @param socket the daemon's Unix domain socket
     * @param timeoutMillis the whole wait never takes longer; must be positive
     * @param requires the lowest schema version the caller needs, sent in HELLO; null for "whatever is current"
     * @param app the name the daemon shows in its logs and metrics; null to send none
     * @param label the prefix of progress lines, such as {@code schemagate-agent}; null for {@code schemagate}
     * @throws IllegalArgumentException if {@code socket} is null or {@code timeoutMillis} is not positive
     */
    public GateOptions(Path socket, long timeoutMillis, String requires, String app, String label) {
        if (socket == null) {
            throw new IllegalArgumentException("socket is required");
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
        this.requires = requires;
        this.app = app;
        this.label = label == null ? "schemagate" : label;
    }

    /** The daemon's Unix domain socket. */
    public Path socket() {
        return socket;
    }

    /** The bound on the whole wait, in milliseconds. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** The version sent as HELLO {@code requires}, or null. */
    public String requires() {
        return requires;
    }

    /** The name sent as HELLO {@code app}, or null. */
    public String app() {
        return app;
    }

    /** The prefix of progress lines. */
    public String label() {
        return label;
    }
}
