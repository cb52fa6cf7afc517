package dev.schemagate.agent;

/**
 * What a {@link GateWatchdog} needs from the wait it guards. An interface rather than lambdas: no invokedynamic
 * bootstrap in every worker's premain.
 */
interface GuardedWait {
    /** What the daemon is doing, for the progress line. */
    String status();

    /** The deadline passed: abort any blocked connect or read. */
    void expire();
}
