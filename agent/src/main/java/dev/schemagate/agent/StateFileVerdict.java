package dev.schemagate.agent;

/** What the daemon's state file says, as {@link StateFileCheck} reads it. */
enum StateFileVerdict {
    /** A live, trusted daemon is READY at a version that satisfies requires=: the wait is over. */
    READY,
    /** A live, trusted daemon is starting, locking or migrating: polling the file a little longer is cheap. */
    WORKING,
    /** No file, a stale or untrusted one, FAILED, or READY below requires=: ask the daemon over the socket. */
    ASK
}
