package dev.schemagate.daemon.lock;

import dev.schemagate.protocol.ErrorCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * A failure of the storage under the database rather than of a migration: disk full, an I/O error, or a file that
 * cannot be written. Classified by SQLite's primary result code, never by message text.
 *
 * <p>Why it matters: SQLite answers SQLITE_FULL and SQLITE_IOERR on whatever statement happened to need a new page,
 * so blaming that statement's file ("fix V13__...") would send the user to the wrong place.
 */
public enum StorageFault {
    DISK_FULL(ErrorCodes.DISK_FULL, "the disk is full") {
        @Override
        String action(Path database) {
            return "free space on the file system that holds " + database + " (df -h " + folder(database)
                    + "); SQLite also needs room for a journal as large as the pages the batch changes";
        }
    },
    IO_ERROR(ErrorCodes.IO_ERROR, "an I/O error") {
        @Override
        String action(Path database) {
            return "check the disk that holds " + database + " (dmesg, smartctl) and this process's file-size limit"
                    + " (ulimit -f, LimitFSIZE= in systemd)";
        }
    },
    READ_ONLY(ErrorCodes.READ_ONLY, "the database cannot be written") {
        @Override
        String action(Path database) {
            return "let this user write both " + database + " and its folder " + folder(database)
                    + " (SQLite creates a journal beside the file, or -wal and -shm files in WAL mode):"
                    + " check ls -l, lsattr (chattr +i) and findmnt (a read-only mount)";
        }
    };

    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;

    private final String code;
    private final String what;

    StorageFault(String code, String what) {
        this.code = code;
        this.what = what;
    }

    /** The storage fault behind {@code e}, or null when the error is the statement's own (syntax, constraint...). */
    public static StorageFault of(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return null;
        }
        switch (sqlite.getResultCode().code & 0xff) {
            case SQLITE_FULL:
                return DISK_FULL;
            case SQLITE_IOERR:
                return IO_ERROR;
            case SQLITE_READONLY:
            case SQLITE_PERM:
                return READ_ONLY;
            default:
                return null;
        }
    }

    /**
     * As {@link #of(SQLException)}, and also SQLITE_CANTOPEN on {@code database} when the file exists but its folder
     * cannot be written: that is a read-only database too. Why: in WAL mode even a reader must create the {@code -shm}
     * (and {@code -wal}) file beside the database; in a read-only folder SQLite says only "unable to open database
     * file", which would otherwise read as a wrong path (found by WalStorageFaultIT).
     */
    public static StorageFault of(SQLException e, Path database) {
        StorageFault fault = of(e);
        if (fault == null
                && e instanceof SQLiteException sqlite
                && (sqlite.getResultCode().code & 0xff) == SQLITE_CANTOPEN
                && Files.isRegularFile(database)
                && !Files.isWritable(folder(database))) {
            return READ_ONLY;
        }
        return fault;
    }

    /** The stable FAILED code ({@link ErrorCodes}). */
    public String code() {
        return code;
    }

    /** A few words for the start of a message: "the disk is full". */
    public String what() {
        return what;
    }

    /** What the operator does about it; the migration files are never the fix. */
    abstract String action(Path database);

    private static Path folder(Path database) {
        Path parent = database.toAbsolutePath().getParent();
        return parent == null ? database : parent;
    }
}
