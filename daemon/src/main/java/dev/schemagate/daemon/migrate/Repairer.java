package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockListener;
import dev.schemagate.daemon.lock.WriteLock;
import dev.schemagate.daemon.lock.WriteLockAcquirer;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code schemagate repair}: accepts intentional edits of applied files. It finds the drifted rows; only when
 * confirmed does it give them their file's checksum and text, under the write lock and in one transaction that also
 * writes the audit rows ({@link RepairLog}). Rows that do not drift are never touched.
 */
public final class Repairer {
    private final MigrateSettings settings;

    public Repairer(MigrateSettings settings) {
        this.settings = settings;
    }

    /**
     * What a repair found and did.
     *
     * @param drift    the drifted rows it is about (empty: nothing to repair)
     * @param repaired true when the rows were changed and committed
     */
    public record Repair(List<Drift> drift, boolean repaired) {}

    /**
     * Finds the drift among {@code versions} (empty: every drifted row) and, when {@code confirmed}, accepts it.
     * Without confirmation it only reads, without the lock.
     */
    public Repair repair(Set<MigrationVersion> versions, boolean confirmed) {
        Migrator.loadDriver();
        List<MigrationFile> files = MigrationResolver.resolve(settings.migrations());
        if (!Files.exists(settings.database())) {
            return new Repair(List.of(), false);
        }
        List<Drift> shown = chosen(checked(HistoryReader.planWithoutLock(settings, files)), versions);
        if (!confirmed || shown.isEmpty()) {
            return new Repair(shown, false);
        }
        try (WriteLock lock = new WriteLockAcquirer(settings.lock(), LockListener.NONE).acquire(settings.database())) {
            Connection connection = lock.connection();
            try {
                // Read again under the lock: what is accepted is what the lock holder sees, not the earlier read.
                List<Drift> drift =
                        chosen(checked(MigrationPlan.read(connection, files, settings.allowOutOfOrder())), versions);
                if (drift.isEmpty()) {
                    return new Repair(drift, false);
                }
                SchemaHistory.upgrade(connection);
                String now = Migrator.now();
                String user = System.getProperty("user.name");
                for (Drift d : drift) {
                    RepairLog.record(connection, d, now, user);
                    SchemaHistory.replaceText(
                            connection,
                            d.applied().version(),
                            d.file().checksum(),
                            d.file().sql());
                }
                lock.commit();
                return new Repair(drift, true);
            } catch (SQLException e) {
                throw RolledBack.of(
                        settings.database(),
                        e,
                        "repairing",
                        "It was rolled back: no history row was changed and nothing was recorded in schemagate_repairs.");
            }
        }
    }

    /** Refuses a database that is not adopted or whose applied files are missing; returns the drift. */
    private List<Drift> checked(MigrationPlan plan) {
        ExistingSchema unadopted = HistoryReader.unadoptedSchema(settings);
        if (unadopted != null) {
            throw NotAdoptedException.of(settings, unadopted);
        }
        List<String> missing = new ArrayList<>();
        for (MigrationStatus s : plan.missing()) {
            missing.add(s.applied().script() + " (version " + s.version() + ", applied "
                    + s.applied().appliedAt() + ") is in the history but not in " + settings.migrations());
        }
        if (!missing.isEmpty()) {
            throw new MigrationFilesException(
                    "schemagate: cannot repair: files of applied migrations are missing",
                    missing,
                    "put each file back as it was applied (e.g. git checkout <commit> -- <file>), then run repair"
                            + " again; repair never deletes history rows, and nothing was changed.");
        }
        return plan.drift();
    }

    private static List<Drift> chosen(List<Drift> drift, Set<MigrationVersion> versions) {
        if (versions.isEmpty()) {
            return drift;
        }
        List<MigrationVersion> drifted =
                drift.stream().map(d -> d.applied().version()).toList();
        List<String> unknown = new ArrayList<>();
        for (MigrationVersion v : versions) {
            if (!drifted.contains(v)) {
                unknown.add(v.toString());
            }
        }
        if (!unknown.isEmpty()) {
            throw new SchemagateException(
                    ExitCodes.USAGE,
                    "schemagate: --version " + String.join(", ", unknown) + ": no drifted applied file has "
                            + (unknown.size() == 1 ? "this version" : "these versions") + " (drifted: "
                            + (drifted.isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            drifted.stream()
                                                    .map(MigrationVersion::toString)
                                                    .toList()))
                            + "). Action: name only versions that 'schemagate validate' shows as changed; nothing"
                            + " was changed.");
        }
        return drift.stream()
                .filter(d -> versions.contains(d.applied().version()))
                .toList();
    }
}
