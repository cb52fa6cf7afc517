package dev.schemagate.daemon.server;

/** The daemon's state machine: STARTING -> LOCKING -> MIGRATING -> READY or FAILED; a reload goes round again. */
public enum Phase {
    STARTING,
    LOCKING,
    MIGRATING,
    READY,
    FAILED
}
