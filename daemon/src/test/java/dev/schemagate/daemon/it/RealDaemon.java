package dev.schemagate.daemon.it;

import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.examples.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts real daemon processes and real worker JVMs with the agent, on files under one test folder. */
final class RealDaemon {
    static final Duration WAIT = Duration.ofSeconds(60);

    private RealDaemon() {}

    /** {@code schemagate daemon} on dir/app.db, dir/migrations, dir/sg.sock, metrics off, plus {@code extra}. */
    static SchemagateProcess start(Path dir, String... extra) {
        return start(dir, "off", extra);
    }

    /** As {@link #start(Path, String...)} with metrics on an ephemeral loopback port: see {@link #metricsPort}. */
    static SchemagateProcess startWithMetrics(Path dir, String... extra) {
        return start(dir, "127.0.0.1:0", extra);
    }

    /** The port the daemon's metrics endpoint listens on, from its "serving metrics on" log line. */
    static int metricsPort(SchemagateProcess daemon) {
        Pattern serving = Pattern.compile("serving metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
        AtomicInteger port = new AtomicInteger();
        await().atMost(WAIT).until(() -> {
            Matcher m = serving.matcher(daemon.stderr());
            if (m.find()) {
                port.set(Integer.parseInt(m.group(1)));
            }
            return port.get() > 0;
        });
        return port.get();
    }

    /** {@code schemagate wait --requires version} on dir's socket: 0 once READY there, else the verdict's code. */
    static SchemagateProcess.Result waitFor(Path dir, String version) {
        return SchemagateProcess.run(
                dir.resolve("out"),
                WAIT,
                "wait",
                "--socket",
                socket(dir).toString(),
                "--timeout",
                "50s",
                "--requires",
                version);
    }

    private static SchemagateProcess start(Path dir, String metrics, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "daemon",
                "--db",
                db(dir).toString(),
                "--migrations",
                dir.resolve("migrations").toString(),
                "--socket",
                socket(dir).toString(),
                "--metrics",
                metrics));
        args.addAll(List.of(extra));
        SchemagateProcess daemon = SchemagateProcess.start(dir, args.toArray(String[]::new));
        await().atMost(WAIT).until(() -> daemon.stderr().contains("listening on " + socket(dir)));
        return daemon;
    }

    static Path db(Path dir) {
        return dir.resolve("app.db");
    }

    static Path socket(Path dir) {
        return dir.resolve("sg.sock");
    }

    /** The example worker JVM with the agent on dir's socket; it prints {@link Worker#MARKER} once released. */
    static SchemagateProcess worker(Path dir, String app) {
        return SchemagateProcess.java(
                dir,
                List.of(
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-javaagent:" + SchemagateProcess.agentJar() + "=socket=" + socket(dir) + ",timeout=60s,app="
                                + app,
                        "-cp",
                        SchemagateProcess.jar().toString(),
                        Worker.class.getName(),
                        db(dir).toString()));
    }
}
