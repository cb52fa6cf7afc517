package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockHolder;
import dev.schemagate.daemon.lock.LockHolderFinder;
import dev.schemagate.daemon.lock.SqliteErrors;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads the history without the write lock, for status, validate and the no-op fast path. Only reads, and never
 * creates the database file.
 *
 * <p>The connection is opened read-write (without create) even though it only reads: after a crash mid-batch a
 * rollback-journal database has a hot journal and a WAL database needs recovery, and SQLite does either only on a
 * writable connection. A read-only one fails with SQLITE_READONLY_ROLLBACK instead, for every later run. On a file
 * this user may not write, SQLite falls back to read-only by itself.
 */
public final class HistoryReader {
    private HistoryReader() {}

    /**
     * The plan as seen by a reader right now; a database that does not exist yet has nothing applied. A reader is
     * blocked only while a writer commits or spills a large batch (rollback-journal mode); it waits at most the
     * busy timeout or the lock deadline, whichever is shorter, then fails with exit 75 naming the writer.
     */
    public static MigrationPlan planWithoutLock(MigrateSettings settings, List<MigrationFile> files) {
        long waitMs = Math.min(
                settings.lock().busyTimeout().toMillis(),
                settings.lock().deadline().toMillis());
        try {
            return read(settings, files, (int) Math.min(Integer.MAX_VALUE, waitMs));
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                List<LockHolder> writers = LockHolderFinder.writersOf(settings.database());
                throw new SchemagateException(
                        ExitCodes.TEMP_FAIL,
                        "schemagate: cannot read " + settings.database()
                                + " within " + waitMs + "ms: a writer keeps it busy (" + SqliteErrors.describe(e) + ")"
                                + (writers.isEmpty()
                                        ? ""
                                        : "; the write lock is held by "
                                                + writers.get(0).describe())
                                + ". Action: run the command again once the writer has committed; in WAL mode readers never"
                                + " wait for writers.",
                        e);
            }
            throw BatchFailure.historyUnreadable(settings.database(), e);
        }
    }

    /**
     * The plan as seen by a reader right now, or null when a writer keeps the database busy. It does not wait:
     * the caller then takes the write lock, whose deadline bounds every wait, and reads the history under it.
     */
    static MigrationPlan planUnlessBusy(MigrateSettings settings, List<MigrationFile> files) {
        try {
            return read(settings, files, 0);
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                return null;
            }
            throw BatchFailure.historyUnreadable(settings.database(), e);
        }
    }

    /** A plan and the history's {@link SchemaHistory#fingerprintOrNull fingerprint}, read in one transaction. */
    record PlanRead(MigrationPlan plan, byte[] fingerprint) {
        /** A plan read without its fingerprint; null for null (a busy writer). */
        static PlanRead of(MigrationPlan plan) {
            return plan == null ? null : new PlanRead(plan, null);
        }
    }

    /**
     * As {@link #planUnlessBusy}, plus the history's fingerprint from the same read transaction (so the two describe
     * one state of the history even while another process commits); null when a writer keeps the database busy.
     */
    static PlanRead planAndFingerprintUnlessBusy(MigrateSettings settings, List<MigrationFile> files) {
        return planAndFingerprintUnlessBusy(settings, files, () -> {});
    }

    /** As above; {@code betweenReads} runs after the plan is read, before the fingerprint (a test commits there). */
    static PlanRead planAndFingerprintUnlessBusy(
            MigrateSettings settings, List<MigrationFile> files, Runnable betweenReads) {
        if (!Files.exists(settings.database())) {
            return new PlanRead(MigrationPlan.of(files, List.of(), settings.allowOutOfOrder()), null);
        }
        try (Connection connection = openWithoutCreate(settings, 0);
                Statement statement = connection.createStatement()) {
            // Autocommit stays on and the transaction is plain SQL (FINDINGS.md); closing ends it on any error.
            statement.execute("BEGIN");
            MigrationPlan plan = MigrationPlan.read(connection, files, settings.allowOutOfOrder());
            betweenReads.run();
            byte[] fingerprint = SchemaHistory.fingerprintOrNull(connection);
            statement.execute("COMMIT");
            return new PlanRead(plan, fingerprint);
        } catch (SQLException e) {
            if (SqliteErrors.isBusy(e)) {
                return null;
            }
            throw BatchFailure.historyUnreadable(settings.database(), e);
        }
    }

    /** The history's fingerprint now, or null when there is none or the database is busy; never creates the file. */
    static byte[] fingerprintUnlessBusy(MigrateSettings settings) {
        if (!Files.exists(settings.database())) {
            return null;
        }
        try (Connection connection = openWithoutCreate(settings, 0)) {
            return SchemaHistory.fingerprintOrNull(connection);
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * Throws {@link NotAdoptedException} when {@code plan} has pending migrations and the database has tables but no
     * history: what {@code migrate} would refuse, {@code validate} refuses too. Reads without the lock.
     */
    public static void requireAdopted(MigrateSettings settings, MigrationPlan plan) {
        ExistingSchema schema = unadoptedSchema(settings);
        if (schema != null && !plan.pending().isEmpty()) {
            throw NotAdoptedException.of(settings, schema);
        }
    }

    /** The database's tables when it has some but no history (it needs import or baseline), else null. */
    public static ExistingSchema unadoptedSchema(MigrateSettings settings) {
        if (!Files.exists(settings.database())) {
            return null;
        }
        try (Connection connection = openWithoutCreate(settings, 0)) {
            if (SchemaHistory.exists(connection)) {
                return null;
            }
            ExistingSchema schema = ExistingSchema.inspect(connection);
            return schema.isEmpty() ? null : schema;
        } catch (SQLException e) {
            throw BatchFailure.historyUnreadable(settings.database(), e);
        }
    }

    private static Connection openWithoutCreate(MigrateSettings settings, int busyTimeoutMs) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(busyTimeoutMs);
        return config.createConnection("jdbc:sqlite:" + settings.database());
    }

    private static MigrationPlan read(MigrateSettings settings, List<MigrationFile> files, int busyTimeoutMs)
            throws SQLException {
        if (!Files.exists(settings.database())) {
            return MigrationPlan.of(files, List.of(), settings.allowOutOfOrder());
        }
        try (Connection connection = openWithoutCreate(settings, busyTimeoutMs)) {
            return MigrationPlan.read(connection, files, settings.allowOutOfOrder());
        }
    }
}
