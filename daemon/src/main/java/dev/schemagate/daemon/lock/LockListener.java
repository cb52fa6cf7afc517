package dev.schemagate.daemon.lock;

import java.time.Duration;

/** Told about each busy attempt, so the daemon can report how long it has waited for the lock. */
@FunctionalInterface
public interface LockListener {
    LockListener NONE = (attempt, waited) -> {};

    /** Attempt {@code attempt} (1-based) found the database busy after {@code waited} in all. */
    void busy(int attempt, Duration waited);
}
