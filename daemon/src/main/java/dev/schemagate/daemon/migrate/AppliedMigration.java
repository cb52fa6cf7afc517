package dev.schemagate.daemon.migrate;

/**
 * One row of the {@code schemagate_history} table: a migration that was applied.
 *
 * @param appliedAt   ISO-8601 UTC instant of the commit's transaction
 * @param appliedBy   {@code host:pid} of the process that applied it
 * @param kind        how the row got there: {@link #APPLIED}, {@link #IMPORTED} or {@link #BASELINE}
 */
public record AppliedMigration(
        MigrationVersion version,
        String description,
        String script,
        String checksum,
        String appliedAt,
        long executionMs,
        String appliedBy,
        String kind) {

    /** Run by schemagate. Part of the contract (the {@code kind} column, {@code status --json}). */
    public static final String APPLIED = "applied";

    /** Copied from another tool's history by {@code schemagate import}. Part of the contract. */
    public static final String IMPORTED = "imported";

    /**
     * Recorded by {@code schemagate baseline} (or from Flyway's BASELINE row): the schema already held every
     * migration up to this version. Part of the contract.
     */
    public static final String BASELINE = "baseline";

    /** A row schemagate applied itself. */
    public AppliedMigration(
            MigrationVersion version,
            String description,
            String script,
            String checksum,
            String appliedAt,
            long executionMs,
            String appliedBy) {
        this(version, description, script, checksum, appliedAt, executionMs, appliedBy, APPLIED);
    }

    /** True for a baseline row, which stands for every version up to its own and has no script. */
    public boolean isBaseline() {
        return BASELINE.equals(kind);
    }
}
