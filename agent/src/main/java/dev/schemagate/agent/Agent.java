package dev.schemagate.agent;

import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code -javaagent} entry point: holds the JVM in premain until the daemon says the schema is
 * ready, or stops it with one {@code schemagate-agent:} line and a sysexits code.
 *
 * <p>premain must never throw: the JVM would abort with "processing of -javaagent failed" and exit
 * 134. So everything is caught, and failures end in {@code System.exit(code)}, which exits cleanly.
 */
public final class Agent {

    /** The prefix of every line the agent prints; part of the contract (tests and log searches match it). */
    static final String LABEL = "schemagate-agent";

    /** Waits this long or more, and READY gets a line, so a slow start can be explained from the log. */
    private static final long REPORT_READY_AFTER_MILLIS = 1000;

    private Agent() {}

    /** Called by the JVM for {@code -javaagent:schemagate-agent.jar=OPTIONS}. */
    public static void premain(String args, Instrumentation instrumentation) {
        premain(args);
    }

    /** Called by the JVM when the two-argument form is absent; kept for completeness. */
    public static void premain(String args) {
        int code;
        try {
            code = run(args, System.getProperties(), System.getenv(), System.err);
        } catch (Throwable t) {
            // run() catches everything, but its own error report can fail too (e.g. OutOfMemoryError).
            code = ExitCodes.SOFTWARE;
        }
        if (code != ExitCodes.OK) {
            System.exit(code);
        }
    }

    /** Prints {@code schemagate-agent VERSION}, so that {@code java -jar schemagate-agent.jar} says what it is. */
    public static void main(String[] args) {
        String version = Agent.class.getPackage().getImplementationVersion();
        System.out.println(LABEL + " " + (version == null ? "unknown" : version));
    }

    /**
     * Everything premain does except exiting.
     *
     * @return 0 to let the application start, else the exit code
     */
    static int run(String args, Properties props, Map<String, String> env, PrintStream err) {
        AgentConfig config = null;
        try {
            String javaCommand = props.getProperty("sun.java.command");
            long start = System.nanoTime();
            String readyVersion = readyAtOnce(args, props, env, javaCommand);
            if (readyVersion != null) {
                long elapsed = (System.nanoTime() - start) / 1_000_000L;
                if (elapsed >= REPORT_READY_AFTER_MILLIS
                        && JvmSelector.skipReason(javaCommand, args, props, env) == null) {
                    err.println(LABEL + ": " + StateFileCheck.readyReason(readyVersion) + " after " + elapsed + " ms");
                }
                return ExitCodes.OK;
            }
            if (JvmSelector.skipReason(javaCommand, args, props, env) != null) {
                // Silent: tools and server commands (catalina.sh version, mvn -v) print output that scripts parse.
                return ExitCodes.OK;
            }
            try {
                config = AgentConfig.parse(args, props, env, javaCommand);
            } catch (ConfigException e) {
                // Even with onFailure=continue: that option covers the daemon's verdict, not a broken setup.
                err.println(LABEL + ": bad configuration: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            GateOutcome outcome = Gate.await(config.gate(), err);
            if (outcome.isReady()) {
                if (outcome.elapsedMillis() >= REPORT_READY_AFTER_MILLIS) {
                    err.println(LABEL + ": " + outcome.reason() + " after " + outcome.elapsedMillis() + " ms");
                }
                return ExitCodes.OK;
            }
            return fail(outcome.exitCode(), outcome.reason(), config, err);
        } catch (Throwable t) {
            return fail(
                    ExitCodes.SOFTWARE,
                    "internal error: " + t + "; action: report this as a schemagate bug",
                    config,
                    err);
        }
    }

    /**
     * The common case, decided first: the options are valid and a trusted state file says READY (at a version that
     * satisfies {@code requires=}). The JVM then starts whatever the skip rules would say, so neither they nor the
     * socket client are loaded (each class loaded from the agent jar costs every worker JVM's start). In every other
     * case null, and {@link #run} decides as it always has: skip rules first (a skipped JVM with a broken setup runs,
     * silently), then the options, then {@link Gate#await}, which reads the file again. Prints nothing, never throws.
     *
     * @return the READY version, or null
     */
    private static String readyAtOnce(String args, Properties props, Map<String, String> env, String javaCommand) {
        try {
            AgentConfig config = AgentConfig.parse(args, props, env, javaCommand);
            StateFileCheck check = new StateFileCheck(config.socket(), config.requires(), LABEL, null);
            return check.read() == StateFileCheck.READY ? check.version() : null;
        } catch (Throwable t) {
            return null; // a bad option (ConfigException) or anything else: the ordinary path reports it, if it waits
        }
    }

    private static int fail(int code, String reason, AgentConfig config, PrintStream err) {
        if (config != null && config.continueOnFailure()) {
            err.println(LABEL + ": WARNING " + reason + " (exit " + code + " suppressed by onFailure=continue);"
                    + " starting anyway");
            return ExitCodes.OK;
        }
        err.println(LABEL + ": " + reason);
        return code;
    }
}
