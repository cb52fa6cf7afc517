package dev.schemagate.daemon.migrate;

import java.util.List;

/**
 * The daemon's {@link NoopRecord}, kept in memory instead of a file: the inputs of the last clean no-op one of its
 * runs proved the full way. A reload (SIGHUP, a ConfigMap update) that finds the folder's listing and the history's
 * fingerprint unchanged is that no-op again, decided without resolving a file or reading a history row.
 *
 * <p>Used by one thread at a time (the daemon's single migrator thread): {@link #recall} before a run, then {@link
 * Migrator#migrate(List, long, NoopMemory)} for the full run when it did not hold.
 */
public final class NoopMemory {
    private NoopRecord last;
    private MigrationVersion available;
    private byte[] listing;

    /** What a recalled no-op says: the version applied and the folder's newest version (null: none). */
    public record Recalled(MigrationVersion version, MigrationVersion available) {}

    /**
     * The last clean no-op when the folder and the history are exactly as it found them; else null, and the listing
     * taken now (before the full run resolves a file) is kept for the run to record.
     */
    public Recalled recall(MigrateSettings settings) {
        NoopRecord record = last;
        NoopRecord.Check check = NoopRecord.check(record, settings);
        if (check.holds()) {
            return new Recalled(check.highest(), available);
        }
        last = null;
        listing = check.listing();
        return null;
    }

    /** A clean no-op of {@code files}, resolved after {@link #recall}: remembered with the listing recall took. */
    void learn(byte[] fingerprint, MigrationVersion highest, List<MigrationFile> files) {
        if (listing != null) {
            last = new NoopRecord(highest, listing, fingerprint);
            available = files.isEmpty() ? null : files.get(files.size() - 1).version();
        }
        listing = null;
    }
}
