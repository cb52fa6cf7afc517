package dev.schemagate.daemon.migrate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration version: numeric parts separated by {@code .} or {@code _}, compared part by part as numbers.
 *
 * <p>So 2 &lt; 10 &lt; 10.1, and 1.10 &gt; 1.9. Trailing zero parts do not count (1.0 equals 1), which makes
 * {@code V1__a.sql} and {@code V1.0__b.sql} duplicates rather than two migrations that sort arbitrarily.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {
    private final List<BigInteger> parts;
    private final String text;

    private MigrationVersion(List<BigInteger> parts) {
        this.parts = List.copyOf(parts);
        StringBuilder sb = new StringBuilder();
        for (BigInteger part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part);
        }
        this.text = sb.toString();
    }

    /**
     * Parses {@code 1}, {@code 1.2.3}, {@code 1_2}, {@code 007}; returns null when the text is not a version,
     * so that callers can collect every bad name before reporting.
     */
    public static MigrationVersion parseOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        List<BigInteger> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length();
            char c = end ? '.' : text.charAt(i);
            if (c == '.' || c == '_') {
                if (i == start) {
                    return null; // empty part: "1..2", ".1", "1."
                }
                parts.add(new BigInteger(text.substring(start, i)));
                start = i + 1;
            } else if (c < '0' || c > '9') {
                return null;
            }
        }
        return new MigrationVersion(parts);
    }

    /** Parses a version or throws IllegalArgumentException naming the bad text. */
    public static MigrationVersion parse(String text) {
        MigrationVersion version = parseOrNull(text);
        if (version == null) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a version: expected numbers separated by '.' or '_', such as 2, 10.1 or 1_2_3");
        }
        return version;
    }

    @Override
    public int compareTo(MigrationVersion other) {
        int n = Math.max(parts.size(), other.parts.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
            BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
            int c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int last = parts.size();
        while (last > 1 && parts.get(last - 1).signum() == 0) {
            last--;
        }
        return parts.subList(0, last).hashCode();
    }

    /** The canonical text: parts joined by '.', without leading zeros ({@code 007_1} becomes {@code 7.1}). */
    @Override
    public String toString() {
        return text;
    }
}
