package dev.schemagate.daemon.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * golang-migrate's {@code schema_migrations(version, dirty)}: one row, the current version; every file up to it
 * counts as applied. A dirty row means a migration failed half-way: refused until the operator cleans it up.
 */
final class GolangMigrateHistoryImport implements HistoryImport {
    @Override
    public List<AppliedMigration> read(
            Connection connection, List<MigrationFile> files, List<String> problems, List<String> warnings)
            throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, dirty FROM schema_migrations")) {
            while (rs.next()) {
                rows.add(new long[] {rs.getLong(1), rs.getBoolean(2) ? 1 : 0});
            }
        }
        if (rows.size() != 1) {
            problems.add("golang-migrate keeps exactly one row in schema_migrations; this one has " + rows.size()
                    + ". Check with 'migrate version', then import again");
            return List.of();
        }
        long current = rows.get(0)[0];
        if (rows.get(0)[1] != 0) {
            problems.add("golang-migrate marks version " + current + " dirty: a migration failed half-way and the"
                    + " schema may be half-changed. Fix the schema by hand, clear the flag with 'migrate force "
                    + current + "' (golang-migrate), then import again");
            return List.of();
        }
        MigrationVersion version = MigrationVersion.parse(Long.toString(current));
        if (files.stream().noneMatch(f -> f.version().equals(version))) {
            problems.add(
                    "golang-migrate is at version " + current + " but no file in the folder has that version"
                            + " (schemagate reads <version>_<name>.sql: put golang-migrate's .up.sql files in it, not the .down.sql ones)");
            return List.of();
        }
        String now = Migrator.now();
        List<AppliedMigration> imported = new ArrayList<>();
        for (MigrationFile f : files) {
            if (f.version().compareTo(version) <= 0) {
                imported.add(new AppliedMigration(
                        f.version(),
                        f.description(),
                        f.script(),
                        f.checksum(),
                        now,
                        0,
                        "golang-migrate",
                        AppliedMigration.IMPORTED));
            }
        }
        warnings.add("golang-migrate records no times: applied_at of the imported rows is the time of the import");
        return imported;
    }
}
