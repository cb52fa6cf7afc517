package dev.schemagate.daemon.server;

/** Told about every state change of the daemon: agent sessions, metrics and systemd notifications. */
@FunctionalInterface
public interface GateListener {
    void changed(GateState state);
}
