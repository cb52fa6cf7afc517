package dev.schemagate.protocol;

/**
 * The message type words that open every line; part of the contract: scripts and other clients
 * match on them, so a word is never renamed or reused with another meaning.
 */
public final class MessageTypes {

    /** Client to daemon, first line: {@code v} required; {@code app}, {@code pid}, {@code requires} optional. */
    public static final String HELLO = "HELLO";

    /** Daemon to client, answer to HELLO: {@code v} (the chosen version) and {@code daemon} required. */
    public static final String WELCOME = "WELCOME";

    /** Daemon to client, progress before a verdict: {@code state} required. */
    public static final String STATE = "STATE";

    /** Daemon to client, the schema is current: {@code version} required. */
    public static final String READY = "READY";

    /** Daemon to client, the schema cannot be made current: {@code code} and {@code message} required. */
    public static final String FAILED = "FAILED";

    /** Daemon to client, the requested version is not known yet: {@code reason} required. */
    public static final String WAITING = "WAITING";

    /** Daemon to client, a protocol error; the daemon closes the connection after it. */
    public static final String ERROR = "ERROR";

    /** Client to daemon after WELCOME: asks for a PONG; {@code id} optional and echoed. */
    public static final String PING = "PING";

    /** Daemon to client, the answer to PING. */
    public static final String PONG = "PONG";

    private MessageTypes() {}
}
