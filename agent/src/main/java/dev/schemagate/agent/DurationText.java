package dev.schemagate.agent;

/** Reads and writes the durations users type: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a unit is required. */
final class DurationText {

    /** Shown in every error about a duration. */
    static final String EXPECTED = "a positive duration with a unit, such as 500ms, 30s or 2m";

    private DurationText() {}

    /** Milliseconds, or -1 when the text is not a positive duration (so callers can name the bad value). */
    static long parseMillis(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        // 12 digits keep every unit's product far from overflow.
        if (i == 0 || i > 12) {
            return -1;
        }
        long amount = Long.parseLong(text.substring(0, i));
        long unit;
        switch (text.substring(i)) {
            case "ms":
                unit = 1;
                break;
            case "s":
                unit = 1000;
                break;
            case "m":
                unit = 60_000;
                break;
            case "h":
                unit = 3_600_000;
                break;
            default:
                return -1;
        }
        return amount == 0 ? -1 : amount * unit;
    }

    /** {@code 2m} or {@code 30s} where exact, else {@code 1500ms}. */
    static String format(long millis) {
        if (millis > 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis > 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
