package dev.schemagate.protocol;

/**
 * A schema version as it travels in {@code requires=} and {@code version=}: numeric parts separated by {@code .}
 * or {@code _}, compared part by part as numbers of any length (1.10 &gt; 1.9, 10 &gt; 9, 20261125143000 &gt; 2).
 *
 * <p>The one implementation of the ordering: the daemon's {@code MigrationVersion} orders migration files with it
 * and the agent checks a READY against its {@code requires=} with it, so both sides always agree. Leading zeros
 * and trailing zero parts do not count (007 equals 7, 1.0 equals 1). Parts are kept as digit strings, not
 * BigInteger, so that the agent's start-up path loads nothing beyond java.lang.
 */
public final class SchemaVersion implements Comparable<SchemaVersion> {

    /** What a version looks like, for error messages. */
    public static final String EXPECTED = "numbers separated by '.' or '_', such as 2, 10.1 or 1_2_3";

    // Each part: decimal digits without leading zeros ("0" for zero).
    private final String[] parts;
    private final String text;

    private SchemaVersion(String[] parts) {
        this.parts = parts;
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part);
        }
        this.text = sb.toString();
    }

    /** Parses {@code 1}, {@code 1.2.3}, {@code 1_2}, {@code 007}; null when the text is not a version. */
    public static SchemaVersion parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == '_') {
                count++;
            } else if (c < '0' || c > '9') {
                return null;
            }
        }
        String[] parts = new String[count];
        int start = 0;
        int n = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.' || text.charAt(i) == '_') {
                if (i == start) {
                    return null; // an empty part: "1..2", ".1", "1."
                }
                int first = start;
                while (first < i - 1 && text.charAt(first) == '0') {
                    first++;
                }
                parts[n++] = text.substring(first, i);
                start = i + 1;
            }
        }
        return new SchemaVersion(parts);
    }

    /** Parses a version or throws IllegalArgumentException naming the bad text and the expected form. */
    public static SchemaVersion parse(String text) {
        SchemaVersion version = parseOrNull(text);
        if (version == null) {
            throw new IllegalArgumentException("'" + text + "' is not a version: expected " + EXPECTED);
        }
        return version;
    }

    @Override
    public int compareTo(SchemaVersion other) {
        int n = Math.max(parts.length, other.parts.length);
        for (int i = 0; i < n; i++) {
            String a = i < parts.length ? parts[i] : "0";
            String b = i < other.parts.length ? other.parts[i] : "0";
            // Without leading zeros, a longer digit string is a larger number; equal lengths compare as text.
            int c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
            if (c != 0) {
                return c < 0 ? -1 : 1;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaVersion && compareTo((SchemaVersion) o) == 0;
    }

    @Override
    public int hashCode() {
        int last = parts.length;
        while (last > 1 && "0".equals(parts[last - 1])) {
            last--;
        }
        int h = 1;
        for (int i = 0; i < last; i++) {
            h = 31 * h + parts[i].hashCode();
        }
        return h;
    }

    /** The canonical text: parts joined by '.', without leading zeros ({@code 007_1} becomes {@code 7.1}). */
    @Override
    public String toString() {
        return text;
    }
}
