package dev.schemagate.agent;

import dev.schemagate.protocol.SchemaVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options, read from the agent argument ({@code key=value,key=value}), then system
 * properties {@code schemagate.KEY}, then environment variables {@code SCHEMAGATE_KEY}; the first
 * source that sets a key wins.
 *
 * <p>Every value is validated and every problem reported at once: a bad value never falls back to a
 * default. Unknown keys are an error in the agent argument only; unknown {@code schemagate.*}
 * properties and {@code SCHEMAGATE_*} variables are left alone, because the daemon and other tools
 * share those namespaces and a worker often inherits their environment.
 *
 * <p>{@code skip} and {@code gate} hold patterns separated by {@code ;} (see {@link Glob}); {@link JvmSelector}
 * reads them with {@link #lookUp} before this parse, which only validates them.
 */
final class AgentConfig {

    /** Option keys; part of the contract (documented in the README and DESIGN.md). */
    static final String SOCKET = "socket";

    static final String TIMEOUT = "timeout";
    static final String REQUIRES = "requires";
    static final String APP = "app";
    static final String ON_FAILURE = "onFailure";
    static final String SKIP = "skip";
    static final String GATE = "gate";

    static final String[] KEYS = {SOCKET, TIMEOUT, REQUIRES, APP, ON_FAILURE, SKIP, GATE};
    static final String[] ENV_NAMES = {
        "SCHEMAGATE_SOCKET",
        "SCHEMAGATE_TIMEOUT",
        "SCHEMAGATE_REQUIRES",
        "SCHEMAGATE_APP",
        "SCHEMAGATE_ON_FAILURE",
        "SCHEMAGATE_SKIP",
        "SCHEMAGATE_GATE"
    };

    static final long DEFAULT_TIMEOUT_MILLIS = 120_000;
    // sockaddr_un.sun_path is 108 bytes on Linux, including the terminating NUL.
    private static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final int MAX_APP_CHARS = 200;

    private final Path socket;
    private final long timeoutMillis;
    private final String requires;
    private final String app;
    private final String javaCommand;
    private final boolean continueOnFailure;

    private AgentConfig(
            Path socket,
            long timeoutMillis,
            String requires,
            String app,
            String javaCommand,
            boolean continueOnFailure) {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
        this.requires = requires;
        this.app = app;
        this.javaCommand = javaCommand;
        this.continueOnFailure = continueOnFailure;
    }

    /**
     * What to wait for. Built on demand: the default {@code app} needs {@link LaunchCommand}, a class the READY fast
     * path (which only needs {@link #socket()} and {@link #requires()}) does not load.
     */
    GateOptions gate() {
        return new GateOptions(
                socket, timeoutMillis, requires, app == null ? defaultApp(javaCommand) : app, Agent.LABEL);
    }

    /** The daemon's socket. */
    Path socket() {
        return socket;
    }

    /** The lowest schema version this JVM needs, or null. */
    String requires() {
        return requires;
    }

    /** True for {@code onFailure=continue}: a failed wait warns and lets the application start. */
    boolean continueOnFailure() {
        return continueOnFailure;
    }

    /**
     * Reads and validates the options.
     *
     * @param args the agent argument, null or empty when none was given
     * @param javaCommand {@code sun.java.command}, for the default {@code app}
     * @throws ConfigException naming every bad or missing value
     */
    static AgentConfig parse(String args, Properties props, Map<String, String> env, String javaCommand)
            throws ConfigException {
        StringBuilder problems = new StringBuilder();
        String[] values = new String[KEYS.length];
        String[] shown = new String[KEYS.length];
        readArgument(args, values, shown, problems);
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] == null) {
                String prop = props.getProperty("schemagate." + KEYS[i]);
                if (prop != null) {
                    values[i] = prop;
                    shown[i] = "-Dschemagate." + KEYS[i] + "=" + prop;
                } else if (env.get(ENV_NAMES[i]) != null) {
                    values[i] = env.get(ENV_NAMES[i]);
                    shown[i] = ENV_NAMES[i] + "=" + values[i];
                }
            }
        }
        Path socket = socket(values[0], shown[0], problems);
        long timeout = DEFAULT_TIMEOUT_MILLIS;
        if (values[1] != null) {
            timeout = DurationText.parseMillis(values[1]);
            if (timeout < 0) {
                problem(problems, shown[1], DurationText.EXPECTED);
            }
        }
        if (values[2] != null && !isVersion(values[2])) {
            problem(problems, shown[2], "a schema version: numbers separated by '.' or '_', such as 5 or 5.2");
        }
        String app = values[3];
        if (app != null && (app.isEmpty() || app.length() > MAX_APP_CHARS)) {
            problem(problems, shown[3], "a name of 1 to " + MAX_APP_CHARS + " characters");
        }
        patterns(values[5], shown[5], problems);
        patterns(values[6], shown[6], problems);
        boolean continueOnFailure = false;
        if (values[4] != null) {
            continueOnFailure = "continue".equals(values[4]);
            if (!continueOnFailure && !"exit".equals(values[4])) {
                problem(problems, shown[4], "exit or continue");
            }
        }
        if (problems.length() > 0) {
            throw new ConfigException(problems.toString());
        }
        return new AgentConfig(socket, timeout, values[2], app, javaCommand, continueOnFailure);
    }

    /**
     * The raw value of one option from the first source that sets it, without validating anything: for the
     * decision whether this JVM waits at all, which comes before the full parse ({@link JvmSelector}).
     */
    static String lookUp(String key, String args, Properties props, Map<String, String> env) {
        if (args != null && !args.isEmpty()) {
            int start = 0;
            while (start <= args.length()) {
                int comma = args.indexOf(',', start);
                int end = comma < 0 ? args.length() : comma;
                int eq = args.indexOf('=', start);
                if (eq > 0 && eq < end && args.substring(start, eq).trim().equals(key)) {
                    return args.substring(eq + 1, end);
                }
                start = end + 1;
            }
        }
        String prop = props.getProperty("schemagate." + key);
        if (prop != null) {
            return prop;
        }
        int index = indexOf(key);
        return index < 0 ? null : env.get(ENV_NAMES[index]);
    }

    /** skip= and gate=: patterns separated by ';', none empty. */
    private static void patterns(String value, String shown, StringBuilder problems) {
        if (value == null) {
            return;
        }
        for (String glob : Glob.split(value)) {
            if (glob.isEmpty()) {
                problem(
                        problems,
                        shown,
                        "main class or jar patterns separated by ';', none empty, such as"
                                + " org.gradle.*;com.example.Tool (',' separates the agent's options)");
                return;
            }
        }
    }

    /** Splits {@code key=value,key=value}; a value cannot contain a comma. */
    private static void readArgument(String args, String[] values, String[] shown, StringBuilder problems) {
        if (args == null || args.isEmpty()) {
            return;
        }
        int start = 0;
        while (start <= args.length()) {
            int comma = args.indexOf(',', start);
            int end = comma < 0 ? args.length() : comma;
            String item = args.substring(start, end);
            start = end + 1;
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).trim();
            int index = indexOf(key);
            if (eq < 0) {
                add(
                        problems,
                        "agent argument item '" + item + "' is not key=value: expected options such as"
                                + " socket=/run/schemagate/schemagate.sock,timeout=30s (patterns in skip= and gate="
                                + " are separated by ';')");
            } else if (index < 0) {
                add(
                        problems,
                        "unknown option '" + key + "' in the agent argument: expected one of socket, timeout,"
                                + " requires, app, onFailure, skip, gate");
            } else if (values[index] != null) {
                add(problems, "option " + key + " is given twice in the agent argument");
            } else {
                values[index] = item.substring(eq + 1);
                shown[index] = key + "=" + values[index] + " (agent argument)";
            }
        }
    }

    private static Path socket(String value, String shown, StringBuilder problems) {
        if (value == null) {
            add(
                    problems,
                    "socket is not set: expected the daemon's socket path, as"
                            + " -javaagent:schemagate-agent.jar=socket=PATH, -Dschemagate.socket=PATH or SCHEMAGATE_SOCKET=PATH");
            return null;
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_SOCKET_PATH_BYTES) {
            problem(
                    problems,
                    shown,
                    "a socket path of 1 to " + MAX_SOCKET_PATH_BYTES + " bytes (the Unix socket limit), was " + bytes);
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            problem(problems, shown, "a file path (" + e.getReason() + ")");
            return null;
        }
    }

    /** Numbers separated by '.' or '_', parsed as the daemon parses its migration versions. */
    private static boolean isVersion(String s) {
        return s.length() <= 64 && SchemaVersion.parseOrNull(s) != null;
    }

    /** The first word of {@code sun.java.command} (main class or jar name), or {@code java}. */
    static String defaultApp(String javaCommand) {
        String name = LaunchCommand.parse(javaCommand).main();
        if (name.isEmpty()) {
            return "java";
        }
        return name.length() > MAX_APP_CHARS ? name.substring(0, MAX_APP_CHARS) : name;
    }

    private static int indexOf(String key) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static void problem(StringBuilder problems, String shown, String expected) {
        add(problems, shown + " is not valid: expected " + expected);
    }

    private static void add(StringBuilder problems, String problem) {
        if (problems.length() > 0) {
            problems.append("; ");
        }
        problems.append(problem);
    }
}
