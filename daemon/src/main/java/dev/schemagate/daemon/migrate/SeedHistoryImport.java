package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed runner's {@code schema_migrations(id, migration_name, applied_at)}: each row names the file it ran
 * ({@code 001_initial_schema.sql}); the runner kept no checksum, so the file as it is now is taken as applied.
 */
final class SeedHistoryImport implements HistoryImport {
    @Override
    public List<AppliedMigration> read(
            Connection connection, List<MigrationFile> files, List<String> problems, List<String> warnings)
            throws SQLException {
        Map<String, MigrationFile> byName = new HashMap<>();
        files.forEach(f -> byName.put(f.script(), f));
        Map<MigrationVersion, String> seen = new HashMap<>();
        List<AppliedMigration> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT id, migration_name, applied_at FROM schema_migrations ORDER BY id")) {
            while (rs.next()) {
                String name = rs.getString(2);
                String appliedAt = String.valueOf(rs.getString(3));
                MigrationName parsed = name == null ? null : MigrationName.parse(name);
                if (parsed == null) {
                    problems.add("schema_migrations row id=" + rs.getLong(1) + " names '" + name + "', which is not a"
                            + " migration file name; " + MigrationResolver.NAMING_HELP);
                    continue;
                }
                String earlier = seen.putIfAbsent(parsed.version(), name);
                if (earlier != null) {
                    problems.add("schema_migrations names both " + earlier + " and " + name + " with version "
                            + parsed.version() + "; rename one file and its row so every version is unique");
                    continue;
                }
                MigrationFile file = byName.get(name);
                if (file == null) {
                    warnings.add("the runner applied " + name + " but the folder has no such file; imported as"
                            + " applied, status shows it as missing");
                }
                rows.add(new AppliedMigration(
                        parsed.version(),
                        parsed.description(),
                        name,
                        file == null ? "unknown" : file.checksum(),
                        appliedAt,
                        0,
                        "seed",
                        AppliedMigration.IMPORTED));
            }
        }
        return rows;
    }
}
