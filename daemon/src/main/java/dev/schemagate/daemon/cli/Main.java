package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.Version;
import dev.schemagate.daemon.config.SchemagateConfig;
import dev.schemagate.daemon.demo.Demo;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

/** The {@code schemagate} command line: {@code java -jar schemagate.jar COMMAND [OPTIONS]}. */
public final class Main {
    static final String USAGE = String.join(
            "\n",
            "Usage: java -jar schemagate.jar COMMAND [OPTIONS]",
            "",
            "Commands:",
            "  migrate  --db FILE --migrations DIR   apply every pending migration in one transaction",
            "           --dry-run [--json]: run the batch in its transaction, report what each migration did, roll back",
            "           --snapshot-dir DIR [--snapshot-keep 5]: copy the database there before a non-empty batch",
            "  status   --db FILE --migrations DIR [--json]   show applied, pending, changed and missing migrations",
            "  validate --db FILE --migrations DIR [--json]",
            "           exit 0 when files and history agree, 65 when they do not (with a diff of each changed file)",
            "  baseline --db FILE --migrations DIR --version V [--json]",
            "           adopt a database whose schema already holds every migration up to V",
            "  import   --db FILE --migrations DIR [--from flyway|seed|golang-migrate] [--json]",
            "           adopt a database by copying another tool's history (found by itself when only one)",
            "  repair   --db FILE --migrations DIR [--version V ...] [--yes] [--json]",
            "           show the diff of each applied file edited since it ran; with --yes, record it as it is now",
            "           (old checksum and text kept in schemagate_repairs); without --yes change nothing, exit 77",
            "  restore  SNAPSHOT --db FILE [--socket PATH] [--json]",
            "           put a pre-batch snapshot back; refused while a daemon answers on PATH or anything locks FILE",
            "  new      DESCRIPTION --migrations DIR [--json]",
            "           create the next migration file in the folder's own naming form; prints its path",
            "  daemon   --db FILE --migrations DIR --socket PATH [--max-connections 10000] [--hello-timeout 5s]",
            "           migrate, then tell every agent on the socket; SIGHUP migrates again, SIGTERM stops",
            "           --snapshot-dir DIR [--snapshot-keep 5]: copy the database there before each non-empty batch",
            "  wait     --socket PATH [--timeout 120s] [--requires VERSION] [--app NAME]",
            "           block until the daemon says the schema is ready (for workers that are not JVMs)",
            "  demo     [--dir DIR]   a daemon, 4 worker JVMs with the agent, and a timeline of who waited",
            "",
            "Options (every command that takes --db; each also from a config file and the environment):",
            "  --config FILE             YAML or JSON config file (env SCHEMAGATE_CONFIG)",
            "  --lock-busy-timeout 30s   how long one attempt waits for a busy database",
            "  --lock-retries 10         attempts after the first",
            "  --lock-backoff 100ms      pause before the first retry; doubles each retry, with jitter",
            "  --lock-deadline 120s      the whole lock acquisition never takes longer",
            "  --allow-out-of-order      apply pending versions lower than the highest applied one",
            "  --log-level info          debug, info, warn or error",
            "  --metrics 127.0.0.1:9464  daemon: HTTP endpoint for /metrics /healthz /readyz /status, or off",
            "  --metrics-public          daemon: allow --metrics on an address other than loopback",
            "  --allow-users U,...       daemon: serve only these users (names or uids) ...",
            "  --allow-groups G,...      daemon: ... and members of these groups (names or gids)",
            "  Precedence: flags, then SCHEMAGATE_* environment variables, then the config file, then defaults.",
            "",
            "Exit codes: 0 ok, 64 usage, 65 bad migration files, 69 daemon unreachable,",
            "            70 migration failed (rolled back), 74 disk full, I/O error or read-only database (rolled back),",
            "            75 lock or wait deadline passed,",
            "            77 not allowed (the daemon's allow-list or the socket's mode; repair without --yes),",
            "            78 bad configuration.");

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
        if (args[0].equals("--version") || args[0].equals("version")) {
            out.println("schemagate " + Version.current());
            return ExitCodes.OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "migrate": {
                    Configured c = configure(rest, Set.of("dry-run", "json"), false);
                    if (c.args().flag("dry-run")) {
                        return new DryRunCommand(out).run(c.config(), c.args().flag("json"));
                    }
                    if (c.args().flag("json")) {
                        throw new UsageException("--json goes with --dry-run (migrate reports as text)");
                    }
                    return new MigrateCommand(out).run(c.config());
                }
                case "validate": {
                    Configured c = configure(rest, Set.of("json"), false);
                    return new ValidateCommand(out).run(c.config(), c.args().flag("json"));
                }
                case "daemon":
                    return new DaemonCommand()
                            .run(configure(rest, Set.of(), true).config());
                case "demo": {
                    Arguments demoArgs = Arguments.parse(rest, Set.of("dir"), Set.of());
                    LogSetup.install(Level.WARNING, System.err);
                    String dir = demoArgs.get("dir");
                    return new Demo(out).run(dir == null ? null : Path.of(dir));
                }
                case "wait":
                    return new WaitCommand(out, err)
                            .run(Arguments.parse(rest, WaitCommand.VALUE_OPTIONS, Set.of()), System.getenv());
                case "baseline": {
                    Configured c = configure(rest, Set.of("json"), Set.of("version"));
                    return new AdoptCommands(out)
                            .baseline(
                                    c.config(),
                                    c.args().get("version"),
                                    c.args().flag("json"));
                }
                case "import": {
                    Configured c = configure(rest, Set.of("json"), Set.of("from"));
                    return new AdoptCommands(out)
                            .importHistory(
                                    c.config(), c.args().get("from"), c.args().flag("json"));
                }
                case "repair": {
                    List<String> options = new java.util.ArrayList<>();
                    Set<MigrationVersion> versions = RepairCommand.versions(rest, options);
                    Configured c = configure(options, Set.of("json", "yes"), false);
                    return new RepairCommand(out)
                            .run(
                                    c.config(),
                                    versions,
                                    c.args().flag("yes"),
                                    c.args().flag("json"));
                }
                case "restore":
                    LogSetup.install(Level.WARNING, System.err);
                    return new RestoreCommand(out).run(rest);
                case "new":
                    LogSetup.install(Level.WARNING, System.err);
                    return new NewCommand(out).run(rest, System.getenv());
                case "status": {
                    Configured c = configure(rest, Set.of("json"), false);
                    return new StatusCommand(out).run(c.config(), c.args().flag("json"));
                }
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (SchemagateException e) {
            err.println(e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.SOFTWARE;
        } catch (IOException | SQLException e) {
            err.println("schemagate: " + e);
            return ExitCodes.SOFTWARE;
        }
    }

    private record Configured(Arguments args, SchemagateConfig config) {}

    private static Configured configure(List<String> rest, Set<String> extraFlags, boolean needsSocket) {
        return configure(rest, extraFlags, Set.of(), needsSocket);
    }

    private static Configured configure(List<String> rest, Set<String> extraFlags, Set<String> extraValues) {
        return configure(rest, extraFlags, extraValues, false);
    }

    private static Configured configure(
            List<String> rest, Set<String> extraFlags, Set<String> extraValues, boolean needsSocket) {
        Arguments args = CliConfig.parse(rest, extraFlags, extraValues);
        SchemagateConfig config = CliConfig.load(args, System.getenv(), needsSocket);
        LogSetup.install(config.logLevel(), System.err);
        return new Configured(args, config);
    }
}
