package dev.schemagate.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Row 2: 1,000 waiting clients on a real in-process daemon whose migration is held back by another connection's
 * write lock; then the lock is released and we time COMMIT -> the last client's READY line. Plus the daemon's heap
 * and RSS with 5,000 idle clients (the daemon in its own process, so the numbers are the daemon's alone).
 */
final class FanOutBench {
    private FanOutBench() {}

    static List<Row> run(Env env) throws Exception {
        return List.of(fanOut(env), idle(env));
    }

    static Row fanOut(Env env) throws Exception {
        Path dir = env.dir("row2");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Corpus.write(migrations, 3, 5);
        int clients = 1000;
        int runs = env.runs(25, 5);
        Stats toWritten = new Stats();
        Stats toClientRead = new Stats();
        Stats commitToFinished = new Stats();
        Stats fromRelease = new Stats();
        Stats daemonHanded = new Stats();
        Stats stateBacklog = new Stats();
        Stats toFirstWritten = new Stats();
        for (int run = -2; run < runs; run++) { // two warm-up runs
            Path db = dir.resolve("app.db");
            Env.deleteDb(db);
            Path socket = dir.resolve("s" + (run + 2) + ".sock");
            try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement st = holder.createStatement()) {
                st.execute("PRAGMA user_version = 1"); // the file exists; a table without history would be NOT_ADOPTED
                st.execute("BEGIN IMMEDIATE");
                try (InProcessDaemon d = new InProcessDaemon(db, migrations, socket, clients + 100);
                        NioClients nio = new NioClients(socket)) {
                    // WELCOME + STATE LOCKING each: every client is waiting.
                    nio.connect(clients, 100, 2, 30_000);
                    if (d.waiting.get() != clients) {
                        throw new IllegalStateException("waiting " + d.waiting.get() + " of " + clients);
                    }
                    long release = System.nanoTime();
                    st.execute("ROLLBACK");
                    long lastRead = nio.awaitAllReady(60_000);
                    d.awaitReady();
                    if (d.written.get() != clients) {
                        throw new IllegalStateException("READY written to " + d.written.get() + " of " + clients);
                    }
                    long lastWritten = d.lastWrittenNanos.get();
                    // For a profiler's recording: the wall-clock window of this run's fan-out.
                    System.err.printf(
                            Locale.ROOT,
                            "[bench] 2a run %d: commit at %d ms (epoch), last READY written +%.1f ms%n",
                            run,
                            d.committedEpochMillis,
                            (lastWritten - d.committedNanos) / 1e6);
                    if (run >= 0) {
                        toWritten.addNanos(lastWritten - d.committedNanos);
                        toClientRead.addNanos(lastRead - d.committedNanos);
                        commitToFinished.addNanos(d.finishedNanos - d.committedNanos);
                        fromRelease.addNanos(lastWritten - release);
                        daemonHanded.addNanos(d.lastReleaseNanos - d.committedNanos);
                        stateBacklog.addNanos(nio.lastStateRead() - d.committedNanos);
                        toFirstWritten.addNanos(d.lastLoopStartedWriting() - d.committedNanos);
                    }
                }
            }
        }
        double p99 = toWritten.percentile(99);
        String measured = String.format(
                Locale.ROOT,
                "COMMIT -> last READY written: p50 %.1f ms, p99 %.1f ms (%d runs x %d clients; load %s)",
                toWritten.median(),
                p99,
                toWritten.count(),
                clients,
                Bench.loadAverage().split(" ")[0]);
        String notes = "COMMIT returned (MigrationListener.committed) -> the last READY line handed to the kernel"
                + " (SessionObserver.verdictWritten): " + toWritten.summary()
                + ". Same start -> the moment the last event loop wrote its FIRST READY line (the time the loops"
                + " spent on work queued before the verdicts, such as progress lines): " + toFirstWritten.summary()
                + ". Same start -> the last session handed its READY (SessionObserver.released, just before its"
                + " write): " + daemonHanded.summary()
                + ". Same start -> the last client's selector read its READY line (adds the bench's own client"
                + " thread, which shares the JVM and the 2 cores with the daemon): " + toClientRead.summary()
                + ". COMMIT -> the run's outcome (RunObserver.finished, the clock of earlier versions of this row):"
                + " " + commitToFinished.summary()
                + ". The last progress line (STATE MIGRATING ...) a client read, from the same start (positive:"
                + " the event loops were still writing progress when COMMIT returned): " + stateBacklog.summary()
                + ". From releasing the other connection's lock (adds SQLite's busy-handler sleep, up to 100 ms): "
                + fromRelease.summary() + ".";
        return new Row("2a. Fan-out to 1,000 waiting clients", "p99 <= 20 ms", measured, Row.verdict(p99 <= 20), notes);
    }

    static Row idle(Env env) throws Exception {
        Path dir = env.dir("row2b");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Corpus.write(migrations, 3, 5);
        Path db = dir.resolve("app.db");
        Path socket = dir.resolve("d.sock");
        File log = dir.resolve("daemon.log").toFile();
        int n = 5000;
        Process p = new ProcessBuilder(env.javaCmd(
                        "-jar",
                        env.daemonJar.toString(),
                        "daemon",
                        "--db",
                        db.toString(),
                        "--migrations",
                        migrations.toString(),
                        "--socket",
                        socket.toString(),
                        "--metrics",
                        "off",
                        "--max-connections",
                        String.valueOf(n + 1000)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        long[] before;
        long[] after;
        try {
            DaemonColdStartBench.awaitReady(socket, 60_000); // migrates; the daemon closes a client after READY
            Thread.sleep(500);
            before = heapAndRss(p.pid());
            // Idle clients are waiting ones (READY closes the connection): hold the write lock and reload.
            try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement st = holder.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                Files.writeString(migrations.resolve("V4__more.sql"), "CREATE TABLE more (x INTEGER);\n");
                Env.run(List.of("kill", "-HUP", String.valueOf(p.pid())));
                Thread.sleep(500);
                try (NioClients nio = new NioClients(socket)) {
                    nio.connect(n, 250, 2, 60_000); // WELCOME + STATE LOCKING each, then they wait, idle
                    Thread.sleep(1000);
                    after = heapAndRss(p.pid());
                }
                st.execute("ROLLBACK");
            }
            String measured = String.format(
                    Locale.ROOT,
                    "%d idle waiting clients: heap used after GC %.1f MiB, RSS %.1f MiB"
                            + " (0 clients: heap %.1f MiB, RSS %.1f MiB)",
                    n,
                    after[0] / 1024.0,
                    after[1] / 1024.0,
                    before[0] / 1024.0,
                    before[1] / 1024.0);
            String notes = String.format(
                    Locale.ROOT,
                    "Per idle client: heap %.2f KiB, RSS %.2f KiB. Daemon spawned as"
                            + " `java -jar schemagate.jar daemon --metrics off --max-connections %d` (default JVM flags), the lock held by another connection after a SIGHUP reload so that"
                            + " every client waits (LOCKING) instead of being released and closed;"
                            + " heap via jcmd GC.run + GC.heap_info, RSS from /proc/PID/status. ulimit -n here: %s.",
                    (after[0] - before[0]) / (double) n,
                    (after[1] - before[1]) / (double) n,
                    n + 1000,
                    Env.run(List.of("sh", "-c", "ulimit -n")).trim());
            return new Row("2b. Daemon memory, 5,000 idle clients", "(report)", measured, "-", notes);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** {heap used KiB after a full GC, VmRSS KiB} of another JVM. */
    static long[] heapAndRss(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Env.run(List.of(jcmd, String.valueOf(pid), "GC.run"));
        String info = Env.run(List.of(jcmd, String.valueOf(pid), "GC.heap_info"));
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        long used = m.find() ? Long.parseLong(m.group(1)) : -1;
        return new long[] {used, Env.rssKib(pid)};
    }
}
