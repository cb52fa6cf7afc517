package dev.schemagate.daemon.migrate;

import java.time.Duration;

/** Progress of a migration run, for the daemon's pushed states and systemd STATUS lines. */
public interface MigrationListener {
    MigrationListener NONE = new MigrationListener() {};

    /** Attempt {@code attempt} found the database locked by another writer after {@code waited} in all. */
    default void lockBusy(int attempt, Duration waited) {}

    /** Step {@code step} of {@code of} starts: {@code file} is about to run. */
    default void migrating(int step, int of, MigrationFile file) {}

    /** A snapshot of the pre-batch database was taken (only with snapshots on). */
    default void snapshotTaken(Snapshot snapshot) {}

    /** The batch's COMMIT returned: it is durable. Called before the connection closes and the result is built. */
    default void committed() {}
}
