package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.lock.LockSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database and its migrations folder in a temporary folder, and {@code migrate} run as a fresh process runs it
 * (no-op record, checksum cache), with the notes it writes: the ground of the tests of those two files.
 */
abstract class FreshMigrateFolder {
    @TempDir
    Path dir;

    final List<String> notes = new ArrayList<>();

    Path db() {
        return dir.resolve("app.db");
    }

    Path folder() {
        return dir.resolve("migrations");
    }

    MigrateSettings settings() {
        return new MigrateSettings(db(), folder(), LockSettings.DEFAULTS, false);
    }

    MigrationResult migrate() {
        return migrate(settings());
    }

    MigrationResult migrate(MigrateSettings settings) {
        return new Migrator(settings, MigrationListener.NONE).migrateWithChecksumCache(notes::add);
    }
}
