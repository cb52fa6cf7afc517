package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockHolder;
import dev.schemagate.daemon.lock.LockHolderFinder;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;

/**
 * Puts a snapshot back in place of the database, only when nothing uses the database, and so that a crash at any
 * moment leaves either the old file or the restored one: the snapshot is copied next to the database, synced, and
 * renamed over it in one step. The replaced file is kept beside it.
 */
public final class SnapshotRestore {
    private SnapshotRestore() {}

    /** What a restore did. */
    public record Restored(Path database, Path snapshot, Path previous) {}

    /** Restores {@code snapshot} into {@code database}; {@code socket} (may be null) is the daemon's socket. */
    public static Restored restore(Path snapshot, Path database, Path socket) {
        requireSound(snapshot);
        refuseWhileInUse(database, socket);
        Path folder = database.toAbsolutePath().getParent();
        Path partial = folder.resolve("." + database.getFileName() + ".restore.partial");
        Path previous = null;
        try {
            if (Files.exists(database)) {
                previous = folder.resolve(database.getFileName() + ".before-restore." + System.currentTimeMillis());
                Files.copy(database, previous, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Files.copy(snapshot, partial, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true); // the rename itself survives a power cut
            }
            return new Restored(database, snapshot, previous);
        } catch (IOException e) {
            // The storage failed (full, read-only, I/O error), not schemagate: sysexits' EX_IOERR, as for migrate.
            throw new SchemagateException(
                    ExitCodes.IO_ERR,
                    "schemagate: restoring " + snapshot + " into " + database + " failed: " + e
                            + ". The database is as it was (the rename is the last step). Action: check space and"
                            + " permissions in " + folder + ", then run restore again.",
                    e);
        }
    }

    private static void requireSound(Path snapshot) {
        if (!Files.isRegularFile(snapshot)) {
            throw new SchemagateException(
                    ExitCodes.DATA_ERR,
                    "schemagate: snapshot " + snapshot + " does not exist. Action: pick one from 'schemagate status'"
                            + " or the snapshot folder.");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + snapshot);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new SchemagateException(
                        ExitCodes.DATA_ERR,
                        "schemagate: snapshot " + snapshot + " fails PRAGMA integrity_check (" + verdict
                                + "); nothing was restored. Action: pick an older snapshot.");
            }
        } catch (SQLException e) {
            throw new SchemagateException(
                    ExitCodes.DATA_ERR,
                    "schemagate: " + snapshot + " is not a readable SQLite database (" + e.getMessage()
                            + "); nothing was restored. Action: pick another snapshot.",
                    e);
        }
    }

    private static void refuseWhileInUse(Path database, Path socket) {
        if (socket != null && answers(socket)) {
            throw inUse(database, "a daemon serves it on " + socket, "stop the daemon (systemctl stop schemagate)");
        }
        List<LockHolder> holders = LockHolderFinder.holdersOf(database);
        if (!holders.isEmpty()) {
            throw inUse(
                    database,
                    "it is in use by "
                            + holders.stream().map(LockHolder::describe).collect(Collectors.joining(", ")),
                    "stop those processes (the app's workers, sqlite3 shells)");
        }
        for (String suffix : List.of("-journal", "-wal")) {
            Path side = database.resolveSibling(database.getFileName() + suffix);
            try {
                if (unsettled(side)) {
                    throw inUse(
                            database,
                            side.getFileName() + " holds changes not yet settled into the file (a crash or an open"
                                    + " connection)",
                            "open it once so SQLite settles it: sqlite3 " + database + " 'PRAGMA integrity_check'");
                }
            } catch (IOException e) {
                throw inUse(database, "cannot check " + side + " (" + e + ")", "check the folder's permissions");
            }
        }
    }

    /**
     * A rollback journal is hot, as SQLite itself decides (pager.c hasHotJournal), when its first byte is not zero:
     * a writer that died before syncing it leaves a zeroed header, which SQLite ignores and so may stay beside the
     * restored file. Any WAL with frames in it is refused: its frames would be played onto the restored file.
     */
    private static boolean unsettled(Path side) throws IOException {
        if (!Files.exists(side) || Files.size(side) == 0) {
            return false;
        }
        if (side.getFileName().toString().endsWith("-wal")) {
            return true;
        }
        try (java.io.InputStream in = Files.newInputStream(side)) {
            return in.read() > 0;
        }
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static SchemagateException inUse(Path database, String why, String action) {
        return new SchemagateException(
                ExitCodes.TEMP_FAIL,
                "schemagate: will not restore over " + database + ": " + why + "; nothing was changed. Action: "
                        + action + ", then run restore again.");
    }
}
