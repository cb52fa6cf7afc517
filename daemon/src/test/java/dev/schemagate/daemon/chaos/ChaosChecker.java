package dev.schemagate.daemon.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the chaos run's logs (the harness's {@code events.log}, one {@code worker-*.log} per worker) and the final
 * history, and lists every broken invariant:
 *
 * <ol>
 *   <li>no worker ran main() before the schema it required was committed (its snapshot holds 1..requires);
 *   <li>every released worker saw the whole schema of the version it saw: exactly t1..tM and u1..uM, right sums;
 *   <li>each migration is in the history exactly once (in every snapshot and in the final database);
 *   <li>PRAGMA integrity_check was ok after every kill;
 *   <li>no worker failed its wait while a daemon was READY at its version for longer than the slack.
 * </ol>
 */
final class ChaosChecker {
    /** Time a released agent needs to notice READY and finish (reconnect pause, JVM under load). */
    static final long READY_SLACK_MS = 5_000;

    private final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    /** Checks everything; the returned list is empty when every invariant held. */
    List<String> check(Path logs, List<String> finalHistory, int finalVersion) throws IOException {
        List<Map<String, String>> events = lines(logs.resolve("events.log"));
        Map<String, Map<String, String>> launched = new HashMap<>();
        Map<String, Map<String, String>> ended = new HashMap<>();
        List<long[]> readyIntervals = readyIntervals(events);
        for (Map<String, String> e : events) {
            switch (e.get("event")) {
                case "launched" -> launched.put(e.get("worker"), e);
                case "ended" -> ended.put(e.get("worker"), e);
                case "kill" -> {
                    count("integrity checks after a kill");
                    if (!"ok".equals(e.get("integrity"))) {
                        violations.add("integrity_check after killing " + e.get("target") + " pid " + e.get("pid")
                                + " said " + e.get("integrity"));
                    }
                }
                default -> {}
            }
        }
        for (String worker : launched.keySet()) {
            Map<String, String> end = ended.get(worker);
            Path log = logs.resolve("worker-" + worker + ".log");
            if (end == null) {
                violations.add("worker " + worker + " never ended");
                continue;
            }
            int exit = Integer.parseInt(end.get("exit"));
            if (exit == 0) {
                if (!Files.exists(log)) {
                    violations.add("worker " + worker + " exited 0 but its main() wrote no log");
                } else {
                    checkSnapshot(lines(log).get(0));
                }
            } else {
                if (Files.exists(log)) {
                    violations.add("worker " + worker + " ran main() yet exited " + exit);
                }
                checkDeadline(worker, launched.get(worker), end, readyIntervals);
            }
        }
        checkHistory("final database", finalHistory);
        count("migrations in the final history", finalHistory.size());
        if (finalHistory.size() != finalVersion) {
            violations.add("final history " + finalHistory + " does not hold 1.." + finalVersion);
        }
        return violations;
    }

    /** How many checks of each kind ran (for the report: the checker must have had work to do). */
    Map<String, Integer> counts() {
        return counts;
    }

    private void checkSnapshot(Map<String, String> w) {
        String who = "worker " + w.get("worker");
        count("worker snapshots checked");
        if (w.containsKey("error")) {
            violations.add(who + " ran main() but could not read the schema: " + w.get("error"));
            return;
        }
        int requires = Integer.parseInt(w.get("requires"));
        List<String> history = list(w.get("history"));
        checkHistory(who, history);
        int seen = history.size();
        if (seen < requires) {
            violations.add(who + " ran main() at version " + seen + " before version " + requires
                    + " (which it requires) was committed");
        }
        Set<String> expected = new TreeSet<>();
        for (int k = 1; k <= seen; k++) {
            expected.add("t" + k);
            expected.add("u" + k);
        }
        Set<String> tables = new TreeSet<>(list(w.get("tables")));
        if (!tables.equals(expected)) {
            violations.add(who + " saw version " + seen + " with tables " + tables + " instead of " + expected
                    + " (half a schema)");
        }
        for (String probe : list(w.get("probes"))) {
            count("table probes checked");
            String table = probe.substring(0, probe.indexOf(':'));
            String value = probe.substring(probe.indexOf(':') + 1);
            int k = Integer.parseInt(table.substring(1));
            String want = table.startsWith("t") ? Long.toString(ChaosCorpus.expectedSum(k)) : Integer.toString(k);
            if (!value.equals(want)) {
                violations.add(who + " read " + value + " from " + table + " instead of " + want);
            }
        }
    }

    /** Versions 1, 2, ... in order, each once. */
    private void checkHistory(String who, List<String> history) {
        count("histories checked");
        Set<String> once = new HashSet<>();
        for (int i = 0; i < history.size(); i++) {
            if (!once.add(history.get(i))) {
                violations.add(who + ": version " + history.get(i) + " is in the history twice: " + history);
            } else if (!history.get(i).equals(Integer.toString(i + 1))) {
                violations.add(who + ": history " + history + " is not 1.." + history.size() + " in order");
                return;
            }
        }
    }

    private void checkDeadline(
            String worker, Map<String, String> launch, Map<String, String> end, List<long[]> readyIntervals) {
        count("failed waits checked against READY intervals");
        int requires = Integer.parseInt(launch.get("requires"));
        long from = Long.parseLong(launch.get("at"));
        long to = Long.parseLong(end.get("at"));
        for (long[] ready : readyIntervals) {
            long overlap = Math.min(to, ready[1]) - Math.max(from, ready[0]);
            if (ready[2] >= requires && overlap > READY_SLACK_MS) {
                violations.add("worker " + worker + " (requires " + requires + ") exited " + end.get("exit")
                        + " although daemon pid " + ready[3] + " was READY at version " + ready[2] + " for "
                        + overlap + " ms of its wait");
            }
        }
    }

    /** [from, to, version, pid] for each READY period, closed by the next unready event of that daemon. */
    private static List<long[]> readyIntervals(List<Map<String, String>> events) {
        List<long[]> intervals = new ArrayList<>();
        Map<String, long[]> open = new HashMap<>();
        for (Map<String, String> e : events) {
            String pid = e.get("daemon");
            if ("ready".equals(e.get("event"))) {
                long[] interval = {
                    Long.parseLong(e.get("at")), Long.MAX_VALUE, Long.parseLong(e.get("version")), Long.parseLong(pid)
                };
                open.put(pid, interval);
                intervals.add(interval);
            } else if ("unready".equals(e.get("event")) && open.containsKey(pid)) {
                open.remove(pid)[1] = Long.parseLong(e.get("at"));
            }
        }
        return intervals;
    }

    private void count(String what) {
        count(what, 1);
    }

    private void count(String what, int n) {
        counts.merge(what, n, Integer::sum);
    }

    private static List<String> list(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
    }

    /** Each line "event k=v k=v" (or "k=v ..." for worker logs) as a map; the first bare word is "event". */
    static List<Map<String, String>> lines(Path file) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                Map<String, String> fields = new HashMap<>();
                for (String part : l.trim().split(" ")) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        fields.put("event", part);
                    } else {
                        fields.put(part.substring(0, eq), part.substring(eq + 1));
                    }
                }
                out.add(fields);
            });
        }
        return out;
    }
}
