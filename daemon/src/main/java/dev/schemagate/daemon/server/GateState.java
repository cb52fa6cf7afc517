package dev.schemagate.daemon.server;

import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.protocol.Message;

/**
 * One immutable snapshot of what the daemon is doing, pushed to every waiting agent.
 *
 * @param sequence  increases with every change, so a session never goes back to an older snapshot
 * @param phase     where the state machine stands
 * @param applied   the database's schema version (null when nothing is applied or not yet known)
 * @param available the highest version in the migrations folder (null when unknown or empty)
 * @param message   the protocol message that describes this state to agents (STATE, READY or FAILED)
 * @param failure   the full failure text when FAILED, else null
 */
public record GateState(
        long sequence,
        Phase phase,
        MigrationVersion applied,
        MigrationVersion available,
        Message message,
        String failure) {}
