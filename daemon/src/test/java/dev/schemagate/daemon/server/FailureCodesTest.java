package dev.schemagate.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.lock.LockTimeoutException;
import dev.schemagate.daemon.lock.WriteLockAcquirer;
import dev.schemagate.daemon.migrate.MigrationFailedException;
import dev.schemagate.daemon.migrate.MigrationFilesException;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.Sqlite;
import dev.schemagate.protocol.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which FAILED code, text, file and line an engine failure becomes on the wire: the codes are a contract. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailureCodesTest {
    @TempDir
    Path dir;

    @Test
    void badFilesAreBadMigrationFiles() {
        MigrationFilesException e = new MigrationFilesException(
                "schemagate: 1 bad file", List.of("V1__a.sql: duplicate version 1"), "rename one of them.");
        assertThat(FailureCodes.of(e)).isEqualTo("BAD_MIGRATION_FILES");
        assertThat(FailureCodes.file(e)).isNull();
        assertThat(FailureCodes.line(e)).isEqualTo(-1);
    }

    @Test
    void aRealLockTimeoutIsLockTimeout() throws Exception {
        Path db = dir.resolve("app.db");
        Sqlite.exec(db, "PRAGMA user_version = 1");
        Throwable e;
        try (LockHoldingShell holder = LockHoldingShell.hold(db)) {
            e = catchThrowable(() -> new WriteLockAcquirer(
                            new LockSettings(Duration.ofMillis(20), 1, Duration.ofMillis(10), Duration.ofMillis(500)),
                            (attempt, waited) -> {})
                    .acquire(db));
        }
        assertThat(e).isInstanceOf(LockTimeoutException.class);
        assertThat(FailureCodes.of(e)).isEqualTo("LOCK_TIMEOUT");
    }

    @Test
    void aFailedStatementIsMigrationFailedWithItsFileAndLine() {
        MigrationFailedException e = new MigrationFailedException(
                "schemagate: migration V2__b.sql failed at line 3: boom\nAction: fix V2__b.sql (line 3).",
                "V2__b.sql",
                3,
                null);
        assertThat(FailureCodes.of(e)).isEqualTo("MIGRATION_FAILED");
        assertThat(FailureCodes.file(e)).isEqualTo("V2__b.sql");
        assertThat(FailureCodes.line(e)).isEqualTo(3);
        assertThat(FailureCodes.split(FailureCodes.withoutPrefix(FailureCodes.describe(e))))
                .containsExactly("migration V2__b.sql failed at line 3: boom", "fix V2__b.sql (line 3).");
    }

    @Test
    void otherEngineFailuresAreMigrationFailed() {
        SchemagateException e = new SchemagateException(ExitCodes.SOFTWARE, "schemagate: cannot read history.");
        assertThat(FailureCodes.of(e)).isEqualTo("MIGRATION_FAILED");
        assertThat(FailureCodes.split("cannot read history.")).containsExactly("cannot read history.", null);
    }

    @Test
    void anErrorOrABugIsAnInternalErrorThatSaysWhatItWasAndWhatToDo() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertThat(FailureCodes.of(oom)).isEqualTo("INTERNAL_ERROR");
        String[] parts = FailureCodes.split(FailureCodes.withoutPrefix(FailureCodes.describe(oom)));
        assertThat(parts[0])
                .startsWith("the migration run stopped on an internal error: java.lang.OutOfMemoryError: Java heap")
                .contains("stack trace is in the daemon's log");
        assertThat(parts[1]).contains("-Xmx").contains("reload the daemon");

        NullPointerException bug = new NullPointerException();
        assertThat(FailureCodes.of(bug)).isEqualTo("INTERNAL_ERROR");
        assertThat(FailureCodes.describe(bug))
                .contains("java.lang.NullPointerException")
                .contains("bug");
        assertThat(FailureCodes.of(new StackOverflowError())).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void onlyTheEnginesOwnPrefixIsRemoved() {
        assertThat(FailureCodes.withoutPrefix("schemagate: x")).isEqualTo("x");
        assertThat(FailureCodes.withoutPrefix("other: x")).isEqualTo("other: x");
    }
}
