package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;

/** The {@code schemagate} command line: {@code java -jar schemagate.jar COMMAND [OPTIONS]}. */
public final class Main {
    static final String USAGE = String.join("\n",
            "Usage: java -jar schemagate.jar COMMAND [OPTIONS]",
            "",
            "Commands:",
            "  migrate  --db FILE --migrations DIR   apply every pending migration in one transaction",
            "  status   --db FILE --migrations DIR [--json]   show applied, pending, changed and missing migrations",
            "  validate --db FILE --migrations DIR   exit 0 when files and history agree, 65 when they drift",
            "  daemon   --db FILE --migrations DIR --socket PATH [--max-connections 10000] [--hello-timeout 5s]",
            "           migrate, then tell every agent on the socket; SIGHUP migrates again, SIGTERM stops",
            "",
            "Engine options (migrate, status, validate):",
            "  --lock-busy-timeout 30s   how long one attempt waits for a busy database",
            "  --lock-retries 10         attempts after the first",
            "  --lock-backoff 100ms      pause before the first retry; doubles each retry, with jitter",
            "  --lock-deadline 120s      the whole lock acquisition never takes longer",
            "  --allow-out-of-order      apply pending versions lower than the highest applied one",
            "  --log-level info          debug, info, warn or error",
            "",
            "Exit codes: 0 ok, 64 usage, 65 bad migration files, 69 daemon unreachable,",
            "            70 migration failed (rolled back), 75 lock or wait deadline passed, 78 bad configuration.");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit code; prints errors as one message on {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.println(USAGE);
            return args.length == 0 ? ExitCodes.USAGE : ExitCodes.OK;
        }
        if (args[0].equals("--version")) {
            out.println("schemagate " + dev.schemagate.daemon.Version.current());
            return ExitCodes.OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "migrate": return new MigrateCommand(out).run(parse(rest, "log-level"));
                case "status": return new StatusCommand(out).run(parse(rest, "json"));
                case "validate": return new ValidateCommand(out).run(parse(rest, "log-level"));
                case "daemon": return new DaemonCommand().run(parse(rest, "daemon"));
                default: throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (SchemagateException e) {
            err.println(e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.SOFTWARE;
        }
    }

    private static Arguments parse(List<String> args, String extra) {
        java.util.Set<String> values = new java.util.HashSet<>(EngineOptions.VALUE_OPTIONS);
        java.util.Set<String> flags = new java.util.HashSet<>(EngineOptions.FLAGS);
        if (extra.equals("json")) {
            flags.add("json");
        }
        if (extra.equals("daemon")) {
            values.addAll(DaemonCommand.VALUE_OPTIONS);
        }
        Arguments arguments = Arguments.parse(args, values, flags);
        String levelName = arguments.get("log-level");
        Level level = levelName == null ? Level.INFO : LogSetup.parseLevel(levelName);
        if (level == null) {
            throw new dev.schemagate.daemon.config.ConfigException(
                    List.of("--log-level '" + levelName + "': expected " + LogSetup.EXPECTED));
        }
        LogSetup.install(level, System.err);
        return arguments;
    }

}
