package dev.schemagate.daemon.demo;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.server.Daemon;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.daemon.server.ServerSettings;
import dev.schemagate.daemon.server.SessionObserver;
import dev.schemagate.examples.SampleMigrations;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code schemagate demo}: the whole story in one command. A daemon migrates the sample database while four
 * worker JVMs, started with the agent at the same moment, wait in premain; then it prints a timeline.
 */
public final class Demo {
    static final int WORKERS = 4;
    private final PrintStream out;
    private final Timeline timeline = new Timeline();

    public Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the demo in {@code dir} (a new temporary folder when null); returns the exit code. */
    public int run(Path dir) throws IOException, InterruptedException, SQLException {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("schemagate-demo-");
        Path migrations = work.resolve("migrations");
        Path db = work.resolve("app.db");
        Path socket = work.resolve("schemagate.sock");
        if (Files.exists(db)) {
            out.println("schemagate demo: " + db + " exists already; pass a new or empty --dir");
            return ExitCodes.USAGE;
        }
        SampleMigrations.copyTo(migrations);
        Path agentJar = extractAgent(work);
        out.println("schemagate demo in " + work);
        out.println("  migrations: " + String.join(", ", SampleMigrations.NAMES));
        out.println("  agent:      " + agentJar + " (" + Files.size(agentJar) / 1024 + " KiB)");
        out.println();

        timeline.add("daemon", "starts on " + socket);
        MigrateSettings settings = new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false);
        List<DemoWorkers.Report> reports = new ArrayList<>();
        try (Daemon daemon = Daemon.start(
                settings,
                new ServerSettings(socket, 100, ServerSettings.DEFAULT_HELLO_TIMEOUT),
                SessionObserver.NONE)) {
            daemon.coordinator().subscribe(this::record);
            List<DemoWorkers.Started> workers = DemoWorkers.start(WORKERS, work, agentJar, socket, db);
            timeline.add("demo", WORKERS + " worker JVMs started with -javaagent at the same moment");
            for (DemoWorkers.Started w : workers) {
                DemoWorkers.Report report = DemoWorkers.await(w, 90);
                reports.add(report);
                if (report.mainAt() > 0) {
                    timeline.addAt(
                            report.mainAt(),
                            w.name(),
                            "main() runs: schema version " + report.version() + ", " + report.accounts()
                                    + " accounts (pid " + w.process().pid() + ")");
                }
            }
        }
        timeline.print(out);
        out.println();
        return summary(reports, db);
    }

    private void record(GateState state) {
        String what;
        switch (state.phase()) {
            case LOCKING:
                what = "LOCKING: taking SQLite's write lock (BEGIN IMMEDIATE)";
                break;
            case MIGRATING:
                what = "MIGRATING: " + state.message().get("file") + " (step "
                        + state.message().get("step") + " of " + state.message().get("of") + ")";
                break;
            case READY:
                what = "READY: committed; schema version " + state.message().get("version")
                        + "; every waiting worker released (JVM agents and non-JVM waiters alike)";
                break;
            case FAILED:
                what = "FAILED: " + state.message().get("message");
                break;
            default:
                what = "STARTING: scanning the migrations folder and loading SQLite";
        }
        if (state.phase() != Phase.LOCKING || !state.message().has("attempt")) {
            timeline.add("daemon", what);
        }
    }

    private int summary(List<DemoWorkers.Report> reports, Path db) throws SQLException {
        List<String> appliedBy = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT applied_by, count(*) FROM schemagate_history GROUP BY applied_by")) {
            while (rs.next()) {
                appliedBy.add(rs.getString(1) + " applied " + rs.getInt(2) + " migrations");
            }
        }
        out.println("Who applied: " + String.join("; ", appliedBy) + " (this demo's daemon is pid "
                + ProcessHandle.current().pid() + "; no worker ran a migration)");
        out.println();
        out.println(String.format("%-9s %7s %6s %15s %8s", "worker", "pid", "exit", "start->main()", "version"));
        boolean allGood = true;
        for (DemoWorkers.Report r : reports) {
            long waited = r.mainAt() > 0 ? r.mainAt() - r.worker().startedAt() : -1;
            out.println(String.format(
                    "%-9s %7d %6d %12s ms %8s",
                    r.worker().name(),
                    r.worker().process().pid(),
                    r.exitCode(),
                    waited < 0 ? "-" : Long.toString(waited),
                    r.version() == null ? "-" : r.version()));
            r.agentLines().forEach(line -> out.println("          " + line));
            allGood &= r.exitCode() == 0 && SampleMigrations.FINAL_VERSION.equals(r.version());
        }
        out.println();
        out.println(
                allGood
                        ? "Every worker started on the complete schema (version " + SampleMigrations.FINAL_VERSION
                                + "). start->main() includes JVM start-up and the wait in premain."
                        : "Some workers did not see the complete schema: see the lines above and the .err files in the folder.");
        return allGood ? ExitCodes.OK : ExitCodes.SOFTWARE;
    }

    /** The agent jar ships inside schemagate.jar; the workers need it as a file. */
    private static Path extractAgent(Path work) throws IOException {
        Path target = work.resolve("schemagate-agent.jar");
        try (InputStream in = Demo.class.getResourceAsStream("schemagate-agent.jar")) {
            if (in == null) {
                throw new IOException("schemagate-agent.jar is not inside this build of schemagate.jar;"
                        + " build with ./mvnw -B -q package -DskipTests");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
