package dev.schemagate.daemon.migrate;

/**
 * An applied migration whose file changed since: the history row, the file now, and the text that ran when the
 * history keeps it.
 *
 * @param appliedText the text that ran (or that {@code repair} last accepted), or null when the history keeps only
 *                    the checksum
 */
public record Drift(AppliedMigration applied, MigrationFile file, String appliedText) {

    /** The unified diff from the text as applied to the file now; null when there is no applied text. */
    public String diff() {
        return appliedText == null
                ? null
                : UnifiedDiff.of("applied " + file.script(), "now " + file.script(), appliedText, file.sql());
    }

    /** Why there is no diff, or null when there is one. */
    public String note() {
        if (appliedText != null) {
            return null;
        }
        String why = AppliedMigration.IMPORTED.equals(applied.kind())
                ? "it was imported from another tool's history, which keeps no text"
                : "it was applied by an older schemagate, which kept only checksums";
        return "no diff for " + file.script() + ": the history holds only its checksum (" + why
                + "); compare the file with your version control instead";
    }

    /** The diff, or the note saying why there is none; ends with a newline. */
    public String shown() {
        return appliedText == null ? note() + "\n" : diff();
    }
}
