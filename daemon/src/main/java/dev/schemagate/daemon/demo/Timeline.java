package dev.schemagate.daemon.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Events from the daemon and the workers, printed in time order relative to the demo's start. */
final class Timeline {
    private record Event(long at, String who, String what) {}

    private final long start = System.currentTimeMillis();
    private final List<Event> events = new ArrayList<>();

    synchronized void add(String who, String what) {
        addAt(System.currentTimeMillis(), who, what);
    }

    synchronized void addAt(long epochMillis, String who, String what) {
        events.add(new Event(epochMillis, who, what));
    }

    synchronized void print(PrintStream out) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> Long.compare(a.at(), b.at()));
        out.println("Timeline (ms since the demo started):");
        for (Event e : sorted) {
            out.println(String.format("  %+7d  %-9s %s", e.at() - start, e.who(), e.what()));
        }
    }
}
