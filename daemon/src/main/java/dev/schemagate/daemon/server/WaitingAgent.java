package dev.schemagate.daemon.server;

/**
 * An agent that said HELLO and waits for the schema, as {@code /status} lists it.
 *
 * @param id         unique per connection, so two agents never compare equal
 * @param app        the name from HELLO (client-chosen: shown, never trusted)
 * @param peer       the kernel's credentials of the client (pid and uid; not the pid the client sent)
 * @param requires   the version it needs, or null
 * @param sinceNanos {@link System#nanoTime()} at its HELLO
 */
public record WaitingAgent(long id, String app, PeerIdentity peer, String requires, long sinceNanos) {}
