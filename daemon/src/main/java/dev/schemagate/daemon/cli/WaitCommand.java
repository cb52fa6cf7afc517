package dev.schemagate.daemon.cli;

import dev.schemagate.agent.Gate;
import dev.schemagate.agent.GateOptions;
import dev.schemagate.agent.GateOutcome;
import dev.schemagate.daemon.config.ConfigException;
import dev.schemagate.daemon.config.Durations;
import dev.schemagate.daemon.migrate.MigrationVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code schemagate wait}: what the agent does, for workers that are not JVMs (a gunicorn {@code ExecStartPre},
 * a shell script). Same client code, same exit codes, same {@code SCHEMAGATE_*} environment variables.
 */
final class WaitCommand {
    static final Set<String> VALUE_OPTIONS = Set.of("socket", "timeout", "requires", "app");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final PrintStream out;
    private final PrintStream err;

    WaitCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Arguments args, Map<String, String> env) {
        GateOptions options = options(args, env);
        GateOutcome outcome = Gate.await(options, err);
        if (outcome.isReady()) {
            out.println("schemagate: schema ready at version " + outcome.version() + " after " + outcome.elapsedMillis()
                    + " ms");
        } else {
            err.println("schemagate: " + outcome.reason());
        }
        return outcome.exitCode();
    }

    static GateOptions options(Arguments args, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String socket = value(args, env, "socket");
        if (socket == null || socket.isBlank()) {
            problems.add("socket is required: set --socket or SCHEMAGATE_SOCKET to the daemon's socket path");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String timeoutText = value(args, env, "timeout");
        if (timeoutText != null) {
            timeout = Durations.parseOrNull(timeoutText);
            if (timeout == null || timeout.isZero()) {
                problems.add(origin(args, "timeout") + " '" + timeoutText + "': expected " + Durations.EXPECTED);
            }
        }
        String requires = value(args, env, "requires");
        if (requires != null && MigrationVersion.parseOrNull(requires) == null) {
            problems.add(origin(args, "requires") + " '" + requires + "': expected a version such as 5 or 5.2");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        String app = value(args, env, "app");
        return new GateOptions(
                Path.of(socket), timeout.toMillis(), requires, app == null ? "schemagate-wait" : app, "schemagate");
    }

    /** The flag wins over the environment variable of the same name. */
    private static String value(Arguments args, Map<String, String> env, String name) {
        String flag = args.get(name);
        return flag != null ? flag : env.get("SCHEMAGATE_" + name.toUpperCase(java.util.Locale.ROOT));
    }

    private static String origin(Arguments args, String name) {
        return args.get(name) != null ? "--" + name : "SCHEMAGATE_" + name.toUpperCase(java.util.Locale.ROOT);
    }
}
