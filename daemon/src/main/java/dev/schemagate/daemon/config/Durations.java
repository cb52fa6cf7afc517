package dev.schemagate.daemon.config;

import java.time.Duration;

/** Parses the durations users type: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. A unit is required. */
public final class Durations {
    /** Shown in every error about a duration. */
    public static final String EXPECTED = "a duration with a unit, such as 500ms, 30s, 2m or 1h";

    private Durations() {}

    /** Returns null when the text is not a duration, so callers can collect every problem. */
    public static Duration parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        int i = 0;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 12) {
            return null;
        }
        long amount = Long.parseLong(t.substring(0, i));
        switch (t.substring(i)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return null;
        }
    }

    /** {@code 1500ms} for short durations, {@code 2m} or {@code 30s} where exact. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
