package dev.schemagate.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLITE_BUSY and SQLITE_LOCKED are told apart from other errors by result code, on errors SQLite really raised.
 *
 * <p>SQLITE_LOCKED never reaches the lock path by itself: it is a conflict inside one connection or between
 * connections sharing one cache, and the engine opens a private connection per attempt. These tests make SQLite
 * raise it for real both ways and check the classifier the engine uses for every retry decision.
 */
class SqliteErrorsTest {
    @TempDir
    Path dir;

    @Test
    void lockedByAPendingStatementOnTheSameConnectionIsBusy() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.db"));
                Statement setup = c.createStatement()) {
            setup.executeUpdate("CREATE TABLE t(x)");
            setup.executeUpdate("INSERT INTO t VALUES (1), (2)");
            try (Statement reader = c.createStatement();
                    ResultSet rs = reader.executeQuery("SELECT x FROM t");
                    Statement dropper = c.createStatement()) {
                assertThat(rs.next()).isTrue(); // The SELECT is now in progress and holds t.
                SQLiteException e = catchThrowableOfType(SQLiteException.class, () -> dropper.execute("DROP TABLE t"));

                assertThat(e.getResultCode().code & 0xff).isEqualTo(6);
                assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_LOCKED);
                assertThat(SqliteErrors.isBusy(e)).isTrue();
                assertThat(SqliteErrors.describe(e)).isEqualTo("database table is locked (SQLITE_LOCKED)");
            }
        }
    }

    @Test
    void lockedBetweenConnectionsSharingACacheIsBusy() throws Exception {
        // The URI form: sqlite-jdbc's SQLiteConfig.setSharedCache did not give a shared cache here.
        String url = "jdbc:sqlite:file:" + dir.resolve("shared.db") + "?cache=shared";
        try (Connection a = DriverManager.getConnection(url);
                Connection b = DriverManager.getConnection(url);
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.executeUpdate("CREATE TABLE t(x)");
            sa.execute("BEGIN IMMEDIATE");
            sa.executeUpdate("INSERT INTO t VALUES (1)");
            SQLiteException e = catchThrowableOfType(SQLiteException.class, () -> sb.executeQuery("SELECT x FROM t"));

            assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE);
            assertThat(e.getResultCode().code & 0xff).isEqualTo(6);
            assertThat(SqliteErrors.isBusy(e)).isTrue();
            sa.execute("ROLLBACK");
        }
    }

    @Test
    void otherErrorsAreNotBusy() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("b.db"));
                Statement s = c.createStatement()) {
            SQLiteException e = catchThrowableOfType(SQLiteException.class, () -> s.execute("SELECT * FROM nope"));

            assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_ERROR);
            assertThat(SqliteErrors.isBusy(e)).isFalse();
        }
        assertThat(SqliteErrors.isBusy(new SQLException("database is locked")))
                .as("message text is not enough")
                .isFalse();
    }
}
