package dev.schemagate.protocol;

/**
 * The field keys used by version 1; part of the contract. Receivers ignore keys they do not know,
 * which is how a field is added without a version bump.
 */
public final class Fields {

    /** Protocol version: offered list in HELLO, chosen version in WELCOME. */
    public static final String V = "v";
    /** Application name for the daemon's logs and metrics (HELLO). */
    public static final String APP = "app";
    /** Client process id, informational; the daemon prefers peer credentials (HELLO). */
    public static final String PID = "pid";
    /** Lowest schema version the client needs (HELLO, WAITING). */
    public static final String REQUIRES = "requires";
    /** The daemon's software version (WELCOME). */
    public static final String DAEMON = "daemon";
    /** The daemon state word from {@link States} (STATE). */
    public static final String STATE = "state";
    /** Milliseconds spent waiting for the database write lock so far (STATE LOCKING). */
    public static final String WAITED_MS = "waited_ms";
    /** Lock attempt number, from 1 (STATE LOCKING). */
    public static final String ATTEMPT = "attempt";
    /** Who holds the lock, as far as the daemon can tell (STATE LOCKING). */
    public static final String HOLDER = "holder";
    /** 1-based index of the migration being applied (STATE MIGRATING). */
    public static final String STEP = "step";
    /** Number of migrations in the batch (STATE MIGRATING). */
    public static final String OF = "of";
    /** Migration file name (STATE MIGRATING, FAILED). */
    public static final String FILE = "file";
    /** Line in {@link #FILE} where the failing statement starts (FAILED). */
    public static final String LINE = "line";
    /** A schema version: being applied (STATE) or current (READY). */
    public static final String VERSION = "version";
    /** Number of migrations the run that reached READY applied; 0 on a no-op start (READY). */
    public static final String APPLIED = "applied";
    /** A code from {@link ErrorCodes} (FAILED, ERROR). */
    public static final String CODE = "code";
    /** Human-readable explanation (FAILED, ERROR). */
    public static final String MESSAGE = "message";
    /** What a person should do about it (FAILED, ERROR). */
    public static final String ACTION = "action";
    /** Why the daemon cannot answer yet, from {@link ErrorCodes} (WAITING). */
    public static final String REASON = "reason";
    /** The newest version the daemon's migration folder holds (WAITING). */
    public static final String AVAILABLE = "available";
    /** Versions the daemon accepts, comma-separated (ERROR UNSUPPORTED_VERSION). */
    public static final String SUPPORTED = "supported";
    /** Opaque token echoed from PING to PONG. */
    public static final String ID = "id";

    private Fields() {}
}
