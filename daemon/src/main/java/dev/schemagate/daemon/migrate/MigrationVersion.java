package dev.schemagate.daemon.migrate;

import dev.schemagate.protocol.SchemaVersion;

/**
 * A migration version: numeric parts separated by {@code .} or {@code _}, compared part by part as numbers.
 *
 * <p>So 2 &lt; 10 &lt; 10.1, and 1.10 &gt; 1.9. Trailing zero parts do not count (1.0 equals 1), which makes
 * {@code V1__a.sql} and {@code V1.0__b.sql} duplicates rather than two migrations that sort arbitrarily. The
 * parsing and the ordering are {@link SchemaVersion}'s, the same code the agent uses to check a READY against its
 * {@code requires=}: the daemon and its clients cannot disagree about which version is newer.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {
    private final SchemaVersion version;

    private MigrationVersion(SchemaVersion version) {
        this.version = version;
    }

    /**
     * Parses {@code 1}, {@code 1.2.3}, {@code 1_2}, {@code 007}; returns null when the text is not a version,
     * so that callers can collect every bad name before reporting.
     */
    public static MigrationVersion parseOrNull(String text) {
        SchemaVersion version = SchemaVersion.parseOrNull(text);
        return version == null ? null : new MigrationVersion(version);
    }

    /** Parses a version or throws IllegalArgumentException naming the bad text. */
    public static MigrationVersion parse(String text) {
        return new MigrationVersion(SchemaVersion.parse(text));
    }

    @Override
    public int compareTo(MigrationVersion other) {
        return version.compareTo(other.version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationVersion v && version.equals(v.version);
    }

    @Override
    public int hashCode() {
        return version.hashCode();
    }

    /** The canonical text: parts joined by '.', without leading zeros ({@code 007_1} becomes {@code 7.1}). */
    @Override
    public String toString() {
        return version.toString();
    }
}
