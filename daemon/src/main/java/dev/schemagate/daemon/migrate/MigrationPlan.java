package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The folder compared with the history table: each migration's state, what is pending, and what is wrong.
 */
public final class MigrationPlan {
    private final List<MigrationStatus> statuses;
    private final List<MigrationFile> pending;
    private final MigrationVersion highestApplied;
    private final Map<MigrationVersion, String> appliedTexts;

    private MigrationPlan(
            List<MigrationStatus> statuses,
            List<MigrationFile> pending,
            MigrationVersion highestApplied,
            Map<MigrationVersion, String> appliedTexts) {
        this.statuses = List.copyOf(statuses);
        this.pending = List.copyOf(pending);
        this.highestApplied = highestApplied;
        this.appliedTexts = Map.copyOf(appliedTexts);
    }

    /**
     * Reads the history on {@code connection} and compares it with {@code files}; the texts of drifted rows are
     * read too (only theirs), so the drift can be shown as a diff.
     */
    public static MigrationPlan read(Connection connection, List<MigrationFile> files, boolean allowOutOfOrder)
            throws SQLException {
        MigrationPlan plan = of(files, SchemaHistory.read(connection), allowOutOfOrder);
        List<MigrationVersion> changed = new ArrayList<>();
        for (MigrationStatus s : plan.statuses) {
            if (s.state() == MigrationState.CHANGED) {
                changed.add(s.version());
            }
        }
        if (changed.isEmpty()) {
            return plan;
        }
        return new MigrationPlan(
                plan.statuses, plan.pending, plan.highestApplied, SchemaHistory.texts(connection, changed));
    }

    /**
     * Compares sorted files with applied rows. Out-of-order pending files count as pending when allowed. Files at
     * or below a baseline row's version are never pending: the adopted schema already holds them.
     */
    public static MigrationPlan of(List<MigrationFile> files, List<AppliedMigration> applied, boolean allowOutOfOrder) {
        Map<MigrationVersion, AppliedMigration> byVersion = new HashMap<>();
        MigrationVersion highest = null;
        MigrationVersion baseline = null;
        for (AppliedMigration row : applied) {
            byVersion.put(row.version(), row);
            if (highest == null || row.version().compareTo(highest) > 0) {
                highest = row.version();
            }
            if (row.isBaseline() && (baseline == null || row.version().compareTo(baseline) > 0)) {
                baseline = row.version();
            }
        }
        List<MigrationStatus> statuses = new ArrayList<>();
        List<MigrationFile> pending = new ArrayList<>();
        for (MigrationFile file : files) {
            AppliedMigration row = byVersion.remove(file.version());
            MigrationState state;
            if (row != null && row.isBaseline()) {
                state = MigrationState.BASELINE;
            } else if (row != null) {
                state = row.checksum().equals(file.checksum()) ? MigrationState.APPLIED : MigrationState.CHANGED;
            } else if (baseline != null && file.version().compareTo(baseline) <= 0) {
                state = MigrationState.BELOW_BASELINE;
            } else if (highest != null && file.version().compareTo(highest) < 0 && !allowOutOfOrder) {
                state = MigrationState.OUT_OF_ORDER;
            } else {
                state = MigrationState.PENDING;
                pending.add(file);
            }
            statuses.add(new MigrationStatus(file.version(), file.description(), state, row, file));
        }
        for (AppliedMigration row : byVersion.values()) {
            MigrationState state = row.isBaseline() ? MigrationState.BASELINE : MigrationState.MISSING;
            statuses.add(new MigrationStatus(row.version(), row.description(), state, row, null));
        }
        statuses.sort((a, b) -> a.version().compareTo(b.version()));
        return new MigrationPlan(statuses, pending, highest, Map.of());
    }

    /** Every migration, in version order. */
    public List<MigrationStatus> statuses() {
        return statuses;
    }

    /** The migrations to apply, in version order. */
    public List<MigrationFile> pending() {
        return pending;
    }

    /** The highest applied version, or null when nothing is applied. */
    public MigrationVersion highestApplied() {
        return highestApplied;
    }

    /** Problems that stop a migration (changed files, out-of-order versions); empty when it may go ahead. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (MigrationStatus s : statuses) {
            if (s.state() == MigrationState.CHANGED) {
                problems.add(
                        s.file().script() + ": changed after it was applied (applied checksum "
                                + Checksum.shortForm(s.applied().checksum()) + ", file checksum "
                                + Checksum.shortForm(s.file().checksum()) + ", applied "
                                + s.applied().appliedAt()
                                + "). Restore the applied content (e.g. git checkout) and put the change in a new migration;"
                                + " if the edit is intentional and changes nothing that ran, accept it with 'schemagate repair'");
            } else if (s.state() == MigrationState.OUT_OF_ORDER) {
                problems.add(s.file().script() + ": version " + s.version() + " is pending but lower than the highest"
                        + " applied version " + highestApplied + ". Give it a version above " + highestApplied
                        + ", or allow out-of-order migrations (--allow-out-of-order)");
            }
        }
        return problems;
    }

    /** Every applied file that changed since, in version order, with the text that ran when the history has it. */
    public List<Drift> drift() {
        List<Drift> drift = new ArrayList<>();
        for (MigrationStatus s : statuses) {
            if (s.state() == MigrationState.CHANGED) {
                drift.add(new Drift(s.applied(), s.file(), appliedTexts.get(s.version())));
            }
        }
        return drift;
    }

    /** Applied migrations whose files are gone: worth a warning, not a failure (old files are often pruned). */
    public List<MigrationStatus> missing() {
        List<MigrationStatus> missing = new ArrayList<>();
        for (MigrationStatus s : statuses) {
            if (s.state() == MigrationState.MISSING) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** Throws exit 65 listing every problem, or returns. */
    public void requireValid() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new MigrationFilesException(
                    "schemagate: the migration folder does not match the database's history",
                    problems,
                    "fix the files listed above; nothing was applied.",
                    drift());
        }
    }

    /** The version the database will have once pending migrations are applied: the highest known version. */
    public MigrationVersion targetVersion() {
        MigrationVersion target = highestApplied;
        for (MigrationFile f : pending) {
            if (target == null || f.version().compareTo(target) > 0) {
                target = f.version();
            }
        }
        return target;
    }
}
