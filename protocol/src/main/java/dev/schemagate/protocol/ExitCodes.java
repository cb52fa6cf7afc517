package dev.schemagate.protocol;

/**
 * Process exit codes (sysexits.h) shared by the daemon, the command line and the agent.
 *
 * <p>Part of the contract: scripts and systemd units depend on these numbers.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE = 64;
    public static final int DATA_ERR = 65;
    public static final int UNAVAILABLE = 69;
    public static final int SOFTWARE = 70;
    public static final int TEMP_FAIL = 75;
    public static final int CONFIG = 78;

    private ExitCodes() {}
}
