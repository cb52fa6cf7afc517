package dev.schemagate.protocol;

/**
 * The codes carried in FAILED {@code code}, ERROR {@code code} and WAITING {@code reason};
 * part of the contract: clients, scripts and alert rules match on them, so a code is never
 * renamed or given another meaning, and new codes are only added.
 */
public final class ErrorCodes {

    // FAILED codes: the daemon could not make the schema current. The connection stays open.

    /** A migration failed and the whole batch was rolled back; exit {@link ExitCodes#SOFTWARE}. */
    public static final String MIGRATION_FAILED = "MIGRATION_FAILED";

    /** Bad file name, duplicate version, checksum drift or out-of-order file; exit {@link ExitCodes#DATA_ERR}. */
    public static final String BAD_MIGRATION_FILES = "BAD_MIGRATION_FILES";

    /**
     * The database has tables but no schemagate history: nothing ran; the operator adopts it with
     * {@code schemagate import} or {@code schemagate baseline}; exit {@link ExitCodes#DATA_ERR}.
     */
    public static final String NOT_ADOPTED = "NOT_ADOPTED";

    /** The database write lock was not acquired before the deadline; exit {@link ExitCodes#TEMP_FAIL}. */
    public static final String LOCK_TIMEOUT = "LOCK_TIMEOUT";

    /**
     * The file system holding the database is full (SQLITE_FULL); SQLite rolled the batch back; exit
     * {@link ExitCodes#IO_ERR}. The migration files are not at fault.
     */
    public static final String DISK_FULL = "DISK_FULL";

    /** Reading or writing the database failed (SQLITE_IOERR: a failing disk, a file-size limit); exit 74. */
    public static final String IO_ERROR = "IO_ERROR";

    /** The database file or its folder cannot be written (permissions, chattr +i, a read-only mount); exit 74. */
    public static final String READ_ONLY = "READ_ONLY";

    /**
     * The snapshot asked for before the batch ({@code snapshot.dir}) could not be written (folder missing or not
     * writable, its disk full); nothing of the batch ran and the database is as it was; exit
     * {@link ExitCodes#IO_ERR}. The migration files and the database are not at fault.
     */
    public static final String SNAPSHOT_FAILED = "SNAPSHOT_FAILED";

    /**
     * The run stopped on an internal error (an OutOfMemoryError, a bug), not on the files or the lock; the daemon
     * stays up and a reload tries again; exit {@link ExitCodes#SOFTWARE}.
     */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    // ERROR codes: a protocol-level problem. The sender closes the connection after the ERROR line.

    /** No version in HELLO's {@code v} is supported by the daemon. */
    public static final String UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION";

    /** A line exceeded {@link MessageCodec#MAX_LINE_BYTES} bytes including its newline. */
    public static final String LINE_TOO_LONG = "LINE_TOO_LONG";

    /** A line broke the grammar, had an unknown type, or lacked a required field. */
    public static final String BAD_MESSAGE = "BAD_MESSAGE";

    /** The client did not send HELLO within the daemon's deadline. */
    public static final String HELLO_TIMEOUT = "HELLO_TIMEOUT";

    /** The daemon is at its connection limit; retry with backoff. */
    public static final String TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";

    /** The daemon is stopping; retry with backoff, a restarted daemon will answer. */
    public static final String SHUTTING_DOWN = "SHUTTING_DOWN";

    /**
     * The client's user is not on the daemon's allow-list ({@code allowUsers}, {@code allowGroups}); retrying does
     * not help. Exit {@link ExitCodes#NO_PERM}.
     */
    public static final String FORBIDDEN = "FORBIDDEN";

    // WAITING reasons: not an error; the daemon keeps the connection and may answer later.

    /** The HELLO {@code requires} version is not in the daemon's migration folder (yet). */
    public static final String REQUIRES_UNKNOWN = "REQUIRES_UNKNOWN";

    private ErrorCodes() {}
}
