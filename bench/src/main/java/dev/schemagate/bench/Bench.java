package dev.schemagate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the benchmarks and prints a markdown table (row | target | measured | met? | notes).
 *
 * <pre>
 * ./mvnw -B -q -Pbench package -DskipTests &amp;&amp; java -jar bench/target/schemagate-bench.jar [--quick] [--rows 1,2,2a,2b,3,4,5,6,7] [--root .] [--work DIR]
 * </pre>
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        boolean quick = false;
        Set<String> rows = new LinkedHashSet<>(List.of("1", "2", "3", "4", "5", "6", "7"));
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rows" -> rows = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("usage: java -jar schemagate-bench.jar [--quick] [--rows 1,2,2a,2b,3,4,5,6,7]"
                            + " [--root REPO] [--work DIR]");
                    System.exit(64);
                }
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("schemagate-bench");
        }
        Files.createDirectories(work);
        Env env = new Env(root, work, quick);
        System.out.println(machine());
        List<Row> results = new ArrayList<>();
        for (String r : rows) {
            long t0 = System.nanoTime();
            System.err.println("[bench] row " + r + " ...");
            try {
                switch (r) {
                    case "1" -> results.add(AgentStartBench.run(env));
                    case "2" -> results.addAll(FanOutBench.run(env));
                    case "2a" -> results.add(FanOutBench.fanOut(env));
                    case "2b" -> results.add(FanOutBench.idle(env));
                    case "3" -> results.add(ApplyBench.run(env));
                    case "4" -> results.add(NoopBench.run(env));
                    case "5" -> results.add(CoordinatedStartBench.run(env));
                    case "6" -> results.add(DaemonColdStartBench.run(env));
                    case "7" -> results.add(SnapshotBench.run(env));
                    default -> throw new IllegalArgumentException("no row " + r);
                }
            } catch (Exception e) {
                e.printStackTrace();
                results.add(new Row("row " + r, "", "ERROR: " + e, "?", ""));
            }
            System.err.printf("[bench] row %s done in %d s%n", r, (System.nanoTime() - t0) / 1_000_000_000L);
            System.err.println("[bench]   " + results.get(results.size() - 1));
        }
        System.out.println();
        System.out.println("| Row | Target | Measured | Met? |");
        System.out.println("|---|---|---|---|");
        for (Row row : results) {
            System.out.println(
                    "| " + row.name() + " | " + row.target() + " | " + row.measured() + " | " + row.met() + " |");
        }
        System.out.println();
        System.out.println("Notes:");
        System.out.println();
        for (Row row : results) {
            System.out.println("- **" + row.name() + "**: " + row.notes());
        }
        System.out.println();
        System.out.println("Load average at the end: " + loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String machine() throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("Run at ").append(Instant.now()).append('\n');
        s.append("Cores: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        s.append("Java: ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append('\n');
        // The in-process daemon of rows 2 and 5 runs with these: `-XX:TieredStopAtLevel=1` is how it is deployed.
        s.append("This JVM's options (the in-process daemon's): ")
                .append(java.lang.management.ManagementFactory.getRuntimeMXBean()
                        .getInputArguments())
                .append('\n');
        s.append("Load average at the start: ").append(loadAverage()).append('\n');
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .orElse("model name: unknown");
        s.append("CPU: ").append(cpu.substring(cpu.indexOf(':') + 1).trim());
        return s.toString();
    }
}
