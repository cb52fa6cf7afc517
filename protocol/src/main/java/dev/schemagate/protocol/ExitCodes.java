package dev.schemagate.protocol;

/**
 * Process exit codes shared by the agent, {@code schemagate wait} and the daemon's commands;
 * part of the contract (sysexits.h values) that service managers and scripts act on.
 */
public final class ExitCodes {

    /** Success: the schema is ready. */
    public static final int OK = 0;
    /** Bad command line or agent argument. */
    public static final int USAGE = 64;
    /** Bad migration files: name, duplicate version, checksum drift, out of order. */
    public static final int DATA_ERR = 65;
    /** The daemon could not be reached or spoke an unsupported version. */
    public static final int UNAVAILABLE = 69;
    /** A migration failed and its batch was rolled back. */
    public static final int SOFTWARE = 70;
    /**
     * The storage failed: disk full, an I/O error, or a database (or its folder) that cannot be written; the batch
     * was rolled back and the migration files are not at fault.
     */
    public static final int IO_ERR = 74;
    /** The lock or wait deadline passed; trying again later may succeed. */
    public static final int TEMP_FAIL = 75;
    /**
     * Not allowed: the daemon's allow-list refused this user (ERROR FORBIDDEN), or the socket file's mode does not
     * let this user connect.
     */
    public static final int NO_PERM = 77;
    /** Bad configuration. */
    public static final int CONFIG = 78;

    private ExitCodes() {}

    /**
     * Maps a FAILED {@code code} to the exit code a client should use; an unknown code (from a
     * newer daemon) maps to {@link #SOFTWARE} so that it still fails the start.
     */
    public static int forFailure(String code) {
        switch (code) {
            case ErrorCodes.BAD_MIGRATION_FILES:
            case ErrorCodes.NOT_ADOPTED:
                return DATA_ERR;
            case ErrorCodes.LOCK_TIMEOUT:
                return TEMP_FAIL;
            case ErrorCodes.DISK_FULL:
            case ErrorCodes.IO_ERROR:
            case ErrorCodes.READ_ONLY:
            case ErrorCodes.SNAPSHOT_FAILED:
                return IO_ERR;
            case ErrorCodes.MIGRATION_FAILED:
            case ErrorCodes.INTERNAL_ERROR:
            default:
                return SOFTWARE;
        }
    }
}
