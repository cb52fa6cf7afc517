package dev.schemagate.daemon.migrate;

import java.util.Locale;

/** Where one migration stands, comparing the folder with the history table. */
public enum MigrationState {
    /** Recorded in the history, and the file still has the recorded checksum. */
    APPLIED,
    /** In the folder, not yet applied. */
    PENDING,
    /** Pending, but lower than the highest applied version. */
    OUT_OF_ORDER,
    /** Applied, but the file's content has changed since. */
    CHANGED,
    /** Applied, but its file is no longer in the folder. */
    MISSING,
    /** The baseline row: the schema already held everything up to this version when it was adopted. */
    BASELINE,
    /** A file at or below the baseline version: never run, the adopted schema already holds it. */
    BELOW_BASELINE;

    /** Lower-case name with dashes, as shown in tables and JSON: part of the contract of {@code status --json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
