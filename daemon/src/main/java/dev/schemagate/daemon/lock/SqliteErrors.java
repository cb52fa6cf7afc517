package dev.schemagate.daemon.lock;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Classifies SQLite errors by result code, never by message text (messages change between versions).
 */
public final class SqliteErrors {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private SqliteErrors() {}

    /** True for SQLITE_BUSY and SQLITE_LOCKED and their extended codes (e.g. SQLITE_BUSY_SNAPSHOT, 517). */
    public static boolean isBusy(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            int primary = sqlite.getResultCode().code & 0xff;
            return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
        }
        return false;
    }

    /**
     * SQLite's own message without the driver's decoration: "[SQLITE_ERROR] SQL error or missing database (no
     * such table: x)" becomes "no such table: x (SQLITE_ERROR)".
     */
    public static String describe(SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SQLiteException sqlite) {
            String name = sqlite.getResultCode().name();
            int open = message.indexOf('(');
            if (message.startsWith("[") && open > 0 && message.endsWith(")")) {
                return message.substring(open + 1, message.length() - 1) + " (" + name + ")";
            }
        }
        return message;
    }
}
