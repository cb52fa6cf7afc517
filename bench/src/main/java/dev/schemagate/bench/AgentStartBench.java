package dev.schemagate.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Row 1: start-to-main of a trivial app with the agent against a READY in-process daemon, versus no agent and an
 * empty agent, interleaved in a shuffled order every round. Extra variants isolate the JDK's first Unix
 * SocketChannel (SecureRandom in sun.nio.ch.UnixDomainSockets' static initializer) and show what an AppCDS archive
 * (a deployment option, no code change) takes off. With {@code -Dbench.beforeAgent=JAR} (another build of the
 * agent, e.g. main's) the variant {@code agent-before} runs that jar in the same rounds, for before/after figures.
 */
final class AgentStartBench {
    private AgentStartBench() {}

    static Row run(Env env) throws Exception {
        Path dir = env.dir("row1");
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Corpus.write(migrations, 3, 5);
        Path socket = dir.resolve("s.sock");
        File log = dir.resolve("children.stderr").toFile();
        try (InProcessDaemon d = new InProcessDaemon(dir.resolve("app.db"), migrations, socket, 1000)) {
            d.awaitReady();
            String cp = env.tinyJar.toString();
            String app = TrivialApp.class.getName();
            String agentArg = "-javaagent:" + env.agentJar + "=socket=" + socket + ",app=bench";
            // Dynamic AppCDS archive of the agent run (classes the agent and the JDK load for it).
            Path jsa = dir.resolve("agent.jsa");
            // Dumping with an agent needs the diagnostic AllowArchivingWithJavaAgent; using the archive does not.
            String dump = Env.run(env.javaCmd(
                    "-XX:+UnlockDiagnosticVMOptions",
                    "-XX:+AllowArchivingWithJavaAgent",
                    "-XX:ArchiveClassesAtExit=" + jsa,
                    agentArg,
                    "-cp",
                    cp,
                    app));
            if (!Files.isRegularFile(jsa)) {
                System.err.println("[bench] no AppCDS archive: " + dump);
            }
            Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("none", env.javaCmd("-cp", cp, app));
            variants.put("empty", env.javaCmd("-javaagent:" + env.tinyJar, "-cp", cp, app));
            variants.put("empty+secrandom", env.javaCmd("-javaagent:" + env.tinyJar + "=secrandom", "-cp", cp, app));
            variants.put(
                    "empty+connect", env.javaCmd("-javaagent:" + env.tinyJar + "=connect=" + socket, "-cp", cp, app));
            variants.put("agent", env.javaCmd(agentArg, "-cp", cp, app));
            String before = System.getProperty("bench.beforeAgent");
            if (before != null) {
                variants.put(
                        "agent-before",
                        env.javaCmd("-javaagent:" + before + "=socket=" + socket + ",app=bench", "-cp", cp, app));
            }
            if (Files.isRegularFile(jsa)) {
                // The archive is only mapped when the run repeats AllowArchivingWithJavaAgent (else silently unused).
                variants.put(
                        "agent+appcds",
                        env.javaCmd(
                                "-XX:+UnlockDiagnosticVMOptions",
                                "-XX:+AllowArchivingWithJavaAgent",
                                "-XX:SharedArchiveFile=" + jsa,
                                agentArg,
                                "-cp",
                                cp,
                                app));
            }
            Map<String, Stats> stats = new LinkedHashMap<>();
            Map<String, Stats> cpu = new LinkedHashMap<>();
            variants.keySet().forEach(k -> stats.put(k, new Stats()));
            variants.keySet().forEach(k -> cpu.put(k, new Stats()));
            Path cpuFile = dir.resolve("cpu.txt");
            List<String> order = new ArrayList<>(variants.keySet());
            Random random = new Random(42);
            int rounds = env.runs(40, 8);
            for (int warm = 0; warm < 2; warm++) {
                for (String k : order) {
                    time(env, variants.get(k), log, cpuFile);
                }
            }
            for (int r = 0; r < rounds; r++) {
                Collections.shuffle(order, random);
                for (String k : order) {
                    double[] t = time(env, variants.get(k), log, cpuFile);
                    stats.get(k).add(t[0]);
                    if (t[1] >= 0) {
                        cpu.get(k).add(t[1]);
                    }
                }
            }
            StringBuilder notes = new StringBuilder("Wall, spawn -> MAIN: ");
            stats.forEach((k, s) -> notes.append(String.format(Locale.ROOT, "%s: %s. ", k, s.summary())));
            if (cpu.get("agent").count() > 0) {
                notes.append("CPU (user+sys of the whole child, /usr/bin/time, 10 ms resolution; less sensitive to"
                        + " the machine's load than wall time): ");
                cpu.forEach((k, s) -> notes.append(String.format(Locale.ROOT, "%s: median %.0f ms. ", k, s.median())));
                notes.append(String.format(
                        Locale.ROOT,
                        "CPU agent - empty = %+.0f ms; agent - empty+connect = %+.0f ms. ",
                        cpu.get("agent").median() - cpu.get("empty").median(),
                        cpu.get("agent").median() - cpu.get("empty+connect").median()));
                if (cpu.containsKey("agent-before")) {
                    notes.append(String.format(
                            Locale.ROOT,
                            "CPU agent-before - empty = %+.0f ms. ",
                            cpu.get("agent-before").median() - cpu.get("empty").median()));
                }
            }
            double agent = stats.get("agent").median();
            double empty = stats.get("empty").median();
            double none = stats.get("none").median();
            double over = agent - empty;
            notes.append(String.format(
                    Locale.ROOT,
                    "Agent jar %d bytes. Wall shares: SecureRandom (empty+secrandom -"
                            + " empty) %.1f ms; the bare JDK client, open + connect + HELLO + read READY (empty+connect -"
                            + " empty) %.1f ms; schemagate's agent over that bare client (agent - empty+connect) %.1f ms.",
                    Files.size(env.agentJar),
                    stats.get("empty+secrandom").median() - empty,
                    stats.get("empty+connect").median() - empty,
                    agent - stats.get("empty+connect").median()));
            if (stats.containsKey("agent-before")) {
                notes.append(String.format(
                        Locale.ROOT,
                        " The agent before (%s): agent-before - empty = %+.1f ms wall.",
                        before,
                        stats.get("agent-before").median() - empty));
            }
            if (stats.containsKey("agent+appcds")) {
                notes.append(String.format(
                        Locale.ROOT,
                        " With a dynamic AppCDS archive: agent - empty = %.1f ms.",
                        stats.get("agent+appcds").median() - empty));
            }
            String measured = String.format(
                    Locale.ROOT,
                    "agent %.1f ms; none %.1f; empty agent %.1f; agent - empty"
                            + " = %+.1f ms (n=%d each, interleaved)",
                    agent,
                    none,
                    empty,
                    over,
                    rounds);
            return new Row(
                    "1. Agent start-to-main (READY daemon)",
                    "agent - empty agent <= 10 ms",
                    measured,
                    Row.verdict(over <= 10),
                    notes.toString());
        }
    }

    /** {wall nanos spawn -> MAIN, CPU (user + sys) millis of the whole child or -1}. */
    private static double[] time(Env env, List<String> cmd, File log, Path cpuFile) throws Exception {
        List<String> full = cmd;
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", cpuFile.toString()));
            full.addAll(cmd);
        }
        Env.Child c = env.spawn(full, log);
        long t = c.awaitMarker("MAIN");
        int code = c.process.waitFor();
        if (t < 0 || code != 0) {
            throw new IllegalStateException("child failed (exit " + code + "): " + cmd + "; see " + log);
        }
        double cpu = -1;
        if (timed) {
            String[] parts = Files.readString(cpuFile).trim().split("\\s+");
            cpu = (Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1])) * 1000;
        }
        return new double[] {t / 1e6, cpu};
    }
}
