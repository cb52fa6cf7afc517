package dev.schemagate.protocol;

/**
 * The values of the STATE message's {@code state} field; part of the contract. READY and FAILED
 * are not listed: the daemon announces them with their own message types.
 */
public final class States {

    /** The daemon is scanning and validating the migration folder. */
    public static final String STARTING = "STARTING";

    /** The daemon is waiting for the database write lock ({@code BEGIN IMMEDIATE}). */
    public static final String LOCKING = "LOCKING";

    /** The daemon holds the lock and is applying pending migrations in one transaction. */
    public static final String MIGRATING = "MIGRATING";

    private States() {}
}
