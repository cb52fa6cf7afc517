package dev.schemagate.daemon.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What a migration run did.
 *
 * @param applied    the migrations applied by this run, in order (empty for a no-op)
 * @param version    the database's schema version afterwards, or null when nothing was ever applied
 * @param lockWait   time spent acquiring the write lock (zero when the run needed no lock)
 * @param engineTime the whole run: discovery, lock, apply and commit
 * @param warnings   things the user should know that did not stop the run (missing files)
 */
public record MigrationResult(
        List<AppliedMigration> applied,
        MigrationVersion version,
        Duration lockWait,
        Duration engineTime,
        List<String> warnings) {}
