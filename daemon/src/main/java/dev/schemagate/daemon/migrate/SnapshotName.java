package dev.schemagate.daemon.migrate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A snapshot's file name, {@code app.db.v3-to-v5.20261202T013000-123Z.snapshot.db}: the database's name, the
 * versions before and after the batch, and the UTC time. Operators pick a snapshot by it, so it is part of the
 * contract.
 */
record SnapshotName(String database, String from, String to, Instant takenAt) {
    static final String SUFFIX = ".snapshot.db";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss-SSS'Z'");

    String text() {
        return database + ".v" + from + "-to-v" + to + "." + TIME.format(takenAt.atOffset(ZoneOffset.UTC)) + SUFFIX;
    }

    /** The parts of {@code name}, or null when it is not a snapshot's name. */
    static SnapshotName parse(String name) {
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String stem = name.substring(0, name.length() - SUFFIX.length());
        int timeAt = stem.lastIndexOf('.');
        int toAt = stem.lastIndexOf("-to-v");
        int fromAt = toAt < 0 ? -1 : stem.lastIndexOf(".v", toAt);
        if (timeAt < 0 || toAt < 0 || fromAt <= 0 || toAt > timeAt) {
            return null;
        }
        try {
            Instant takenAt =
                    LocalDateTime.parse(stem.substring(timeAt + 1), TIME).toInstant(ZoneOffset.UTC);
            return new SnapshotName(
                    stem.substring(0, fromAt),
                    stem.substring(fromAt + 2, toAt),
                    stem.substring(toAt + "-to-v".length(), timeAt),
                    takenAt);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
