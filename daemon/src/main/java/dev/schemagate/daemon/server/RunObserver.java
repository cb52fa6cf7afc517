package dev.schemagate.daemon.server;

import dev.schemagate.daemon.migrate.MigrationListener;
import dev.schemagate.daemon.migrate.MigrationResult;

/**
 * Told about every migration run the coordinator drives: state changes, lock attempts, steps, and the outcome.
 *
 * <p>The outcome arrives before the READY or FAILED state is published, so whoever reads the state afterwards
 * also sees the counts of that run. Implementations must be quick and must not throw: they run on the migration
 * thread (a throw is logged and ignored).
 */
public interface RunObserver extends GateListener, MigrationListener {
    RunObserver NONE = new RunObserver() {};

    @Override
    default void changed(GateState state) {}

    /** A run ended well: {@code result} says what it applied and how long the lock and the engine took. */
    default void finished(MigrationResult result) {}

    /** A run failed with this FAILED {@code code} (see {@link dev.schemagate.protocol.ErrorCodes}); rolled back. */
    default void failed(String code, Throwable failure) {}
}
