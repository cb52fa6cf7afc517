package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.migrate.Checksum;
import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files change under a running batch: a migration rewritten or deleted between the scan and the apply (the race made
 * certain by holding SQLite's write lock from the sqlite3 shell while the file changes), and the database file
 * deleted or replaced while the daemon is READY.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FileRaceIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String V2_SCANNED = "CREATE TABLE scanned_text (x);\n";
    private static final String V2_REWRITTEN = "CREATE TABLE rewritten_text (x);\n";

    @TempDir
    Path dir;

    private final List<SchemagateProcess> started = new ArrayList<>();

    @BeforeEach
    void corpus() {
        Sqlite.write(migrations(), "V1__first.sql", "CREATE TABLE first (x);\n");
        Sqlite.write(migrations(), "V2__second.sql", V2_SCANNED);
        Sqlite.write(migrations(), "V3__third.sql", "CREATE TABLE third (x);\n");
    }

    @AfterEach
    void stop() {
        started.forEach(SchemagateProcess::destroy);
    }

    @Test
    void migrateRunsAndRecordsTheTextItScannedWhenFilesChangeBeforeTheLock() throws Exception {
        Sqlite.exec(db(), "PRAGMA user_version = 1");
        SchemagateProcess victim;
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            victim = start(
                    "migrate",
                    "--db",
                    db().toString(),
                    "--migrations",
                    migrations().toString(),
                    "--lock-busy-timeout",
                    "50ms",
                    "--lock-backoff",
                    "20ms",
                    "--lock-retries",
                    "1000",
                    "--lock-deadline",
                    "2m");
            await().atMost(DEADLINE).until(() -> victim.stderr().contains("locked by another writer (attempt 4 "));
            changeFilesAfterTheScan();
            holder.release();
        }
        Result r = victim.await(DEADLINE);
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertRanAndRecordedTheScannedText();
    }

    @Test
    void theDaemonRunsAndRecordsTheTextItScannedWhenFilesChangeBeforeTheLock() throws Exception {
        Sqlite.exec(db(), "PRAGMA user_version = 1");
        try (LockHoldingShell holder = LockHoldingShell.hold(db())) {
            SchemagateProcess daemon = daemon("off");
            await().atMost(DEADLINE).until(() -> daemon.stderr().contains("locked by another writer (attempt 4 "));
            changeFilesAfterTheScan();
            holder.release();
        }
        Result r = waitFor("1");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertRanAndRecordedTheScannedText();
    }

    @Test
    void aDatabaseDeletedOrReplacedWhileReadyIsMigratedAgainBeforeAnyoneIsToldReady() throws Exception {
        SchemagateProcess daemon = daemon("127.0.0.1:0");
        assertThat(waitFor("3").exitCode()).isZero();
        await().atMost(DEADLINE).until(() -> daemon.stderr().contains("serving metrics on http://"));
        Matcher m = Pattern.compile("serving metrics on (http://[^/]+)/metrics").matcher(daemon.stderr());
        assertThat(m.find()).isTrue();
        URI readyz = URI.create(m.group(1) + "/readyz");
        assertThat(get(readyz).statusCode()).isEqualTo(200);

        Files.delete(db());
        HttpResponse<String> afterDelete = get(readyz);
        assertThat(afterDelete.statusCode()).as(afterDelete.body()).isEqualTo(503);
        assertThat(waitFor("3").exitCode()).isZero();
        assertThat(Sqlite.history(db())).containsExactly("1", "2", "3");
        assertThat(daemon.stderr()).contains("database file " + db() + " was deleted after it was migrated");

        Path replacement = dir.resolve("restored.db");
        // A fresh file (no tables: a table without history would be refused as NOT_ADOPTED), told apart by its
        // user_version.
        Sqlite.exec(replacement, "PRAGMA user_version = 7");
        Files.move(replacement, db(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        HttpResponse<String> afterReplace = get(readyz);
        assertThat(afterReplace.statusCode()).as(afterReplace.body()).isEqualTo(503);
        await().atMost(DEADLINE).until(() -> get(readyz).statusCode() == 200);
        assertThat(Sqlite.history(db())).containsExactly("1", "2", "3");
        assertThat(Sqlite.rows(db(), "PRAGMA user_version")).containsExactly("7");
        assertThat(daemon.stderr()).contains("database file " + db() + " was replaced after it was migrated");
        assertThat(daemon.process().isAlive()).isTrue();
    }

    /** After the scan, before the lock: V2 gets new text, V3 disappears. */
    private void changeFilesAfterTheScan() throws Exception {
        Files.writeString(migrations().resolve("V2__second.sql"), V2_REWRITTEN);
        Files.delete(migrations().resolve("V3__third.sql"));
    }

    private void assertRanAndRecordedTheScannedText() {
        assertThat(Sqlite.rows(db(), "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
                .contains("scanned_text", "third")
                .doesNotContain("rewritten_text", "held_by_shell");
        assertThat(Sqlite.rows(db(), "SELECT version, checksum FROM schemagate_history ORDER BY rowid"))
                .containsExactly(
                        "1|" + Checksum.of("CREATE TABLE first (x);\n"),
                        "2|" + Checksum.of(V2_SCANNED),
                        "3|" + Checksum.of("CREATE TABLE third (x);\n"));
        // The folder now disagrees with what ran, and validate says so instead of hiding it.
        Result validate = start(
                        "validate",
                        "--db",
                        db().toString(),
                        "--migrations",
                        migrations().toString())
                .await(DEADLINE);
        assertThat(validate.exitCode()).as("%s", validate).isEqualTo(65);
        assertThat(validate.stderr() + validate.stdout()).contains("V2__second.sql");
        // The stored text is the one that ran too: the diff goes from the scanned text to the rewritten file.
        assertThat(validate.stderr())
                .contains("--- applied V2__second.sql\n+++ now V2__second.sql\n@@ -1 +1 @@\n-" + V2_SCANNED + "+"
                        + V2_REWRITTEN);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private Path db() {
        return dir.resolve("app.db");
    }

    private Path migrations() {
        return dir.resolve("migrations");
    }

    private Path socket() {
        return dir.resolve("run").resolve("sg.sock");
    }

    private SchemagateProcess start(String... args) {
        SchemagateProcess p = SchemagateProcess.start(dir.resolve("out"), args);
        started.add(p);
        return p;
    }

    private SchemagateProcess daemon(String metrics) {
        return start(
                "daemon",
                "--db",
                db().toString(),
                "--migrations",
                migrations().toString(),
                "--socket",
                socket().toString(),
                "--metrics",
                metrics,
                "--lock-busy-timeout",
                "50ms",
                "--lock-backoff",
                "20ms",
                "--lock-retries",
                "1000",
                "--lock-deadline",
                "2m");
    }

    private Result waitFor(String version) {
        return start("wait", "--socket", socket().toString(), "--timeout", "60s", "--requires", version)
                .await(DEADLINE);
    }
}
