package dev.schemagate.daemon.migrate;

/**
 * The version and description encoded in a migration file name.
 *
 * <p>Two forms: Flyway's {@code V<version>__<description>.sql} and the plain {@code <digits>_<description>.sql}.
 */
record MigrationName(MigrationVersion version, String description) {

    /** Returns null when the name fits neither form. */
    static MigrationName parse(String fileName) {
        if (!fileName.endsWith(".sql")) {
            return null;
        }
        String stem = fileName.substring(0, fileName.length() - ".sql".length());
        if (stem.startsWith("V")) {
            int sep = stem.indexOf("__");
            return sep < 0 ? null : of(stem.substring(1, sep), stem.substring(sep + 2));
        }
        int sep = stem.indexOf('_');
        if (sep < 0) {
            return null;
        }
        String digits = stem.substring(0, sep);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        return of(digits, stem.substring(sep + 1));
    }

    private static MigrationName of(String versionText, String rawDescription) {
        MigrationVersion version = MigrationVersion.parseOrNull(versionText);
        String description = rawDescription.replace('_', ' ').trim();
        if (version == null || description.isEmpty()) {
            return null;
        }
        return new MigrationName(version, description);
    }
}
