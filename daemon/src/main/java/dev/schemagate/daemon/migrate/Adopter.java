package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockListener;
import dev.schemagate.daemon.lock.WriteLock;
import dev.schemagate.daemon.lock.WriteLockAcquirer;
import dev.schemagate.protocol.ExitCodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adopts an existing database: records a baseline, or copies another tool's history into {@code
 * schemagate_history}. Either happens in one {@code BEGIN IMMEDIATE} transaction and only while schemagate has no
 * history there yet; the other tool's table is never touched.
 */
public final class Adopter {
    private final MigrateSettings settings;

    public Adopter(MigrateSettings settings) {
        this.settings = settings;
    }

    /** What an adoption recorded. */
    public record Adoption(ImportFormat from, List<AppliedMigration> rows, List<String> warnings, MigrationPlan plan) {}

    /** Records that the schema already holds every migration up to {@code version}. */
    public Adoption baseline(MigrationVersion version) {
        List<MigrationFile> files = MigrationResolver.resolve(settings.migrations());
        return underLock(files, (connection, warnings) -> {
            if (files.stream().noneMatch(f -> f.version().equals(version))) {
                warnings.add("no file in the folder has version " + version + "; the baseline stands for every"
                        + " version up to it all the same");
            }
            return List.of(new AppliedMigration(
                    version,
                    "<< baseline >>",
                    "<< baseline >>",
                    "",
                    Migrator.now(),
                    0,
                    ProcessIdentity.hostAndPid(),
                    AppliedMigration.BASELINE));
        });
    }

    /** Copies the history of {@code from}, or of the one tool found when {@code from} is null. */
    public Adoption importFrom(ImportFormat from) {
        List<MigrationFile> files = MigrationResolver.resolve(settings.migrations());
        ImportFormat[] chosen = new ImportFormat[1];
        Adoption adoption = underLock(files, (connection, warnings) -> {
            chosen[0] = choose(ExistingSchema.inspect(connection), from);
            List<String> problems = new ArrayList<>();
            List<AppliedMigration> rows = HistoryImport.of(chosen[0]).read(connection, files, problems, warnings);
            if (!problems.isEmpty()) {
                throw new MigrationFilesException(
                        "schemagate: cannot import " + chosen[0].table() + " from " + settings.database(),
                        problems,
                        "fix what is listed above; nothing was imported and " + chosen[0].table() + " is untouched.");
            }
            return rows;
        });
        return new Adoption(chosen[0], adoption.rows(), adoption.warnings(), adoption.plan());
    }

    private ImportFormat choose(ExistingSchema schema, ImportFormat from) {
        List<ForeignHistory> found = schema.importable();
        if (from != null) {
            if (found.stream().noneMatch(f -> f.format() == from)) {
                throw new SchemagateException(
                        ExitCodes.DATA_ERR,
                        "schemagate: " + settings.database() + " has no " + from.table() + " table in "
                                + from.id() + "'s form; history tables found: " + describe(schema)
                                + ". Action: pass the --from that matches, or record a baseline with 'schemagate"
                                + " baseline --version V'.");
            }
            return from;
        }
        if (found.size() == 1) {
            return found.get(0).format();
        }
        if (found.isEmpty()) {
            throw new SchemagateException(
                    ExitCodes.DATA_ERR,
                    "schemagate: " + settings.database() + " holds no history schemagate can import (it reads "
                            + ImportFormat.ids() + "); history tables found: " + describe(schema)
                            + ". Action: if the schema already holds every migration up to version V, run"
                            + " 'schemagate baseline --version V'.");
        }
        throw new SchemagateException(
                ExitCodes.USAGE,
                "schemagate: " + settings.database() + " holds the history of more than one tool: " + describe(schema)
                        + ". Action: name the one to import with --from.");
    }

    private static String describe(ExistingSchema schema) {
        return schema.foreign().isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        schema.foreign().stream().map(ForeignHistory::describe).toList());
    }

    /** Builds the rows on the locked connection. */
    private interface RowSource {
        List<AppliedMigration> rows(Connection connection, List<String> warnings) throws SQLException;
    }

    private Adoption underLock(List<MigrationFile> files, RowSource source) {
        Migrator.loadDriver();
        try (WriteLock lock = new WriteLockAcquirer(settings.lock(), LockListener.NONE).acquire(settings.database())) {
            Connection connection = lock.connection();
            List<String> warnings = new ArrayList<>();
            try {
                boolean hasHistory = SchemaHistory.exists(connection);
                List<AppliedMigration> existing = SchemaHistory.read(connection);
                if (!existing.isEmpty()) {
                    throw new SchemagateException(
                            ExitCodes.DATA_ERR,
                            "schemagate: " + settings.database() + " already has a schemagate history ("
                                    + existing.size() + " rows, version "
                                    + existing.get(existing.size() - 1).version()
                                    + "): it is adopted, and baseline or import would rewrite what it says."
                                    + " Action: run 'schemagate status' to see it; nothing was changed.");
                }
                List<AppliedMigration> rows = source.rows(connection, warnings);
                SchemaHistory.createOrUpgrade(connection, hasHistory);
                for (AppliedMigration row : rows) {
                    SchemaHistory.insert(connection, row);
                }
                MigrationPlan plan =
                        MigrationPlan.of(files, SchemaHistory.read(connection), settings.allowOutOfOrder());
                lock.commit();
                return new Adoption(null, rows, warnings, plan);
            } catch (SQLException e) {
                throw RolledBack.of(
                        settings.database(),
                        e,
                        "adopting",
                        "It was rolled back: no history was recorded and nothing changed.");
            }
        }
    }
}
