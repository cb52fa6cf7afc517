package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The name of the next migration in a folder, in the folder's own form: {@code V<n>__x.sql} or
 * {@code <digits>_x.sql}, with the numbering width it already uses ({@code 007_} is followed by {@code 008_}).
 *
 * <p>The newest file (highest version) sets the form. A one-part version goes up by one; a dotted or underscored
 * one ({@code V1.4}, {@code V2_3}) goes up in its last part, keeping the separator.
 */
public final class NextMigration {
    private NextMigration() {}

    /** The file name for {@code description} in {@code folder}; the folder may be missing or empty. */
    public static String name(Path folder, String description) throws IOException {
        String slug = slug(description);
        if (slug.isEmpty()) {
            throw new IllegalArgumentException("the description '" + description + "' has no letters or digits;"
                    + " describe the change, e.g. 'add users email'");
        }
        String newest = null;
        MigrationVersion newestVersion = null;
        for (String name : sqlNames(folder)) {
            MigrationName parsed = MigrationName.parse(name);
            if (parsed != null && (newestVersion == null || parsed.version().compareTo(newestVersion) > 0)) {
                newest = name;
                newestVersion = parsed.version();
            }
        }
        if (newest == null) {
            return "V1__" + slug + ".sql";
        }
        if (newest.startsWith("V") && newest.contains("__")) {
            String version = newest.substring(1, newest.indexOf("__"));
            return "V" + increment(version) + "__" + slug + ".sql";
        }
        String digits = newest.substring(0, newest.indexOf('_'));
        return increment(digits) + "_" + slug + ".sql";
    }

    /** Adds one to the last numeric part, keeping its zero-padded width and the separators before it. */
    static String increment(String version) {
        int cut = Math.max(version.lastIndexOf('.'), version.lastIndexOf('_')) + 1;
        String last = version.substring(cut);
        String next =
                new java.math.BigInteger(last).add(java.math.BigInteger.ONE).toString();
        StringBuilder padded = new StringBuilder();
        for (int i = next.length(); i < last.length(); i++) {
            padded.append('0');
        }
        return version.substring(0, cut) + padded + next;
    }

    /** Runs of anything but letters and digits become one '_'; none at either end. */
    static String slug(String description) {
        return description.trim().replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
    }

    private static List<String> sqlNames(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql") && !n.startsWith("."))
                    .toList();
        }
    }
}
