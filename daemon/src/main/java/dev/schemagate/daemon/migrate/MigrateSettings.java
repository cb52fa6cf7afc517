package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.lock.LockSettings;
import java.nio.file.Path;

/**
 * What one migration run needs: the database, the folder, how to take the lock, and whether out-of-order
 * migrations are allowed.
 */
public record MigrateSettings(Path database, Path migrations, LockSettings lock, boolean allowOutOfOrder) {}
