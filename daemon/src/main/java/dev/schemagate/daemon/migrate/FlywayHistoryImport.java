package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code flyway_schema_history}: successful SQL rows become imported rows, the BASELINE row a baseline; a failed
 * row stops the import; each file is checked against Flyway's own CRC32.
 */
final class FlywayHistoryImport implements HistoryImport {
    /** Flyway's row types that stand for "the schema already held everything up to here". */
    private static final Set<String> BASELINE_TYPES = Set.of("BASELINE", "SQL_BASELINE");

    @Override
    public List<AppliedMigration> read(
            Connection connection, List<MigrationFile> files, List<String> problems, List<String> warnings)
            throws SQLException {
        Map<MigrationVersion, MigrationFile> byVersion = new LinkedHashMap<>();
        files.forEach(f -> byVersion.put(f.version(), f));
        Map<MigrationVersion, AppliedMigration> rows = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT installed_rank, version, description, type, script, checksum,"
                        + " installed_by, installed_on, execution_time, success FROM flyway_schema_history"
                        + " ORDER BY installed_rank")) {
            while (rs.next()) {
                Row row = new Row(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        (Integer) rs.getObject(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getLong(9),
                        rs.getBoolean(10));
                take(row, byVersion, rows, problems, warnings);
            }
        }
        return new ArrayList<>(rows.values());
    }

    private static void take(
            Row row,
            Map<MigrationVersion, MigrationFile> files,
            Map<MigrationVersion, AppliedMigration> rows,
            List<String> problems,
            List<String> warnings) {
        if ("SCHEMA".equals(row.type)) {
            return; // Flyway's marker that it created the schema; nothing to do with migrations.
        }
        if (!row.success) {
            problems.add("Flyway recorded a FAILED migration: " + row
                    + ". Flyway leaves such a row when a migration failed half-way; the schema may be half-changed."
                    + " Fix the schema, then run 'flyway repair' (it deletes failed rows), then import again");
            return;
        }
        if (row.version == null) {
            warnings.add("skipped Flyway's repeatable migration " + row.script
                    + ": schemagate has no repeatable migrations; put further changes to it in a new versioned file");
            return;
        }
        MigrationVersion version = MigrationVersion.parseOrNull(row.version);
        if (version == null) {
            problems.add("Flyway row " + row + ": version '" + row.version + "' is not a version schemagate reads");
            return;
        }
        if ("DELETE".equals(row.type)) {
            rows.remove(version); // 'flyway repair' marked the earlier row for this version as removed.
            return;
        }
        String by = "flyway:" + row.installedBy;
        if (BASELINE_TYPES.contains(row.type)) {
            rows.put(
                    version,
                    new AppliedMigration(
                            version,
                            row.description,
                            row.script,
                            "",
                            row.installedOn,
                            row.executionMs,
                            by,
                            AppliedMigration.BASELINE));
            return;
        }
        if (!"SQL".equals(row.type)) {
            problems.add("Flyway row " + row + " is a " + row.type + " migration; schemagate runs SQL files only."
                    + " Rewrite it as an SQL file or record everything up to it with 'schemagate baseline'");
            return;
        }
        MigrationFile file = files.get(version);
        if (file == null) {
            warnings.add("Flyway applied " + row.script + " (version " + version + ") but no file in the folder has"
                    + " that version; imported as applied, status shows it as missing");
            rows.put(
                    version,
                    new AppliedMigration(
                            version,
                            row.description,
                            row.script,
                            "flyway-crc32:" + row.checksum,
                            row.installedOn,
                            row.executionMs,
                            by,
                            AppliedMigration.IMPORTED));
            return;
        }
        int actual = FlywayChecksum.of(file.sql());
        if (row.checksum == null || row.checksum != actual) {
            problems.add(file.script() + ": changed since Flyway applied it (Flyway's checksum " + row.checksum
                    + ", the file's " + actual + ", applied " + row.installedOn + "). Restore the applied content"
                    + " (e.g. git checkout) and put the change in a new migration, then import again");
            return;
        }
        rows.put(
                version,
                new AppliedMigration(
                        version,
                        file.description(),
                        file.script(),
                        file.checksum(),
                        row.installedOn,
                        row.executionMs,
                        by,
                        AppliedMigration.IMPORTED));
    }

    /** One row of flyway_schema_history, shown as such in messages. */
    private record Row(
            int rank,
            String version,
            String description,
            String type,
            String script,
            Integer checksum,
            String installedBy,
            String installedOn,
            long executionMs,
            boolean success) {
        @Override
        public String toString() {
            return "installed_rank=" + rank + " version=" + version + " type=" + type + " script=" + script
                    + " checksum=" + checksum + " installed_on=" + installedOn + " success=" + (success ? 1 : 0);
        }
    }
}
