package dev.schemagate.daemon.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Prometheus text scrape as series (name and labels, as written) to value, for exact assertions. */
final class Scrape {
    private Scrape() {}

    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
        }
        return series;
    }
}
