package dev.schemagate.daemon.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.testing.LockHoldingShell;
import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure schemagate exists for: many processes run {@code migrate} at once on one fresh database. Exactly one
 * applies the batch, every other one finds it up to date, and every migration is recorded exactly once.
 *
 * <p>Even repetitions use the default settings (waiters sit in SQLite's busy wait). Odd ones make the retry path
 * certain: the real sqlite3 shell holds the write lock from outside before the processes start, with a 25ms busy
 * timeout, and lets go only once every one of them has logged a retry; then all eight must have gone through
 * schemagate's own retry-with-backoff path.
 */
class MigrateRaceIT {
    private static final int PROCESSES = 8;
    private static final Duration PROCESS_DEADLINE = Duration.ofSeconds(50);
    /** Eight JVMs start on two cores: C1 only and the serial collector cut their start-up CPU by about a third. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Pattern APPLIED = Pattern.compile(
            "^schemagate: applied 6 migrations to (\\S+); now at version 6 \\(engine time \\d+ ms, lock wait \\d+ ms\\)$",
            Pattern.MULTILINE);
    /** The start of the DEBUG line the lock's retry-with-backoff path logs (WriteLockAcquirer). */
    private static final String RETRY_LINE = "is locked by another writer (attempt ";

    private static final Pattern UP_TO_DATE = Pattern.compile(
            "^schemagate: (\\S+) is up to date at version 6; nothing pending \\(engine time \\d+ ms\\)\\n\\z");

    @TempDir
    Path dir;

    private final List<SchemagateProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(SchemagateProcess::destroy);
    }

    @RepeatedTest(20)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void eightProcessesOnAFreshDatabaseApplyEveryMigrationExactlyOnce(RepetitionInfo repetition) throws Exception {
        Path migrations = writeMigrations(dir.resolve("migrations"));
        Path db = dir.resolve("app.db");
        boolean shortBusyTimeout = repetition.getCurrentRepetition() % 2 == 1;
        List<String> args = new ArrayList<>(List.of(
                "migrate", "--db", db.toString(), "--migrations", migrations.toString(), "--log-level", "debug"));
        if (shortBusyTimeout) {
            args.addAll(List.of("--lock-busy-timeout", "25ms"));
        }

        LockHoldingShell holder = shortBusyTimeout ? LockHoldingShell.hold(db) : null;
        try {
            for (int i = 0; i < PROCESSES; i++) {
                started.add(SchemagateProcess.start(
                        dir.resolve("out"), jvmOptions(dir.resolve("native-" + i)), args.toArray(String[]::new)));
            }
            if (holder != null) {
                await().atMost(PROCESS_DEADLINE)
                        .untilAsserted(() -> assertThat(started)
                                .as("every process logged a retry while the shell held the lock")
                                .allSatisfy(p -> assertThat(p.stderr()).contains(RETRY_LINE)));
                holder.release();
            }
        } finally {
            if (holder != null) {
                holder.close();
            }
        }
        List<Result> results = new ArrayList<>();
        for (SchemagateProcess p : started) {
            results.add(p.await(PROCESS_DEADLINE));
        }

        int appliers = 0;
        int retried = 0;
        int applierIndex = -1;
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            assertThat(r.exitCode()).as("process %d: %s", i, r).isZero();
            Matcher applied = APPLIED.matcher(r.stdout());
            if (applied.find()) {
                appliers++;
                applierIndex = i;
                assertThat(applied.group(1)).isEqualTo(db.toString());
                assertThat(r.stdout().lines().skip(1).map(l -> l.trim().replaceAll("\\s+\\d+ ms$", "")))
                        .as("the applier lists every file in order: %s", r)
                        .containsExactly(
                                "V1__users.sql",
                                "V2__events.sql",
                                "V3__fill_events.sql",
                                "V4__index_events.sql",
                                "V5__audit.sql",
                                "V6__views.sql");
            } else {
                Matcher upToDate = UP_TO_DATE.matcher(r.stdout());
                assertThat(upToDate.matches())
                        .as("process %d neither applied nor was up to date: %s", i, r)
                        .isTrue();
                assertThat(upToDate.group(1)).isEqualTo(db.toString());
            }
            assertThat(r.stderr()).as("process %d: %s", i, r).doesNotContain("ERROR", "Exception");
            if (r.stderr().contains(RETRY_LINE)) {
                retried++;
            }
        }
        assertThat(appliers).as("processes that applied the batch").isEqualTo(1);
        if (shortBusyTimeout) {
            assertThat(retried).as("processes that went through the retry path").isEqualTo(PROCESSES);
        }
        assertThat(results.get(applierIndex).stderr().lines().filter(l -> l.startsWith("schemagate INFO: applying")))
                .containsExactly(
                        "schemagate INFO: applying V1__users.sql (1 of 6)",
                        "schemagate INFO: applying V2__events.sql (2 of 6)",
                        "schemagate INFO: applying V3__fill_events.sql (3 of 6)",
                        "schemagate INFO: applying V4__index_events.sql (4 of 6)",
                        "schemagate INFO: applying V5__audit.sql (5 of 6)",
                        "schemagate INFO: applying V6__views.sql (6 of 6)");

        assertThat(Sqlite.rows(
                        db,
                        "SELECT version, count(*) FROM schemagate_history GROUP BY version"
                                + " ORDER BY CAST(version AS INTEGER)"))
                .containsExactly("1|1", "2|1", "3|1", "4|1", "5|1", "6|1");
        assertThat(Sqlite.rows(db, "SELECT DISTINCT applied_by FROM schemagate_history"))
                .singleElement()
                .asString()
                .endsWith(":" + started.get(applierIndex).pid());
        assertThat(Sqlite.rows(db, "SELECT type, name, tbl_name FROM sqlite_schema ORDER BY type, name"))
                .containsExactly(
                        "index|events_kind|events",
                        "index|events_user|events",
                        "index|sqlite_autoindex_schemagate_history_1|schemagate_history",
                        "index|sqlite_autoindex_users_1|users",
                        "table|audit|audit",
                        "table|events|events",
                        "table|schemagate_history|schemagate_history",
                        "table|users|users",
                        "trigger|users_audit|users",
                        "view|event_counts|event_counts");
        // The data migration ran exactly once: a second run would have doubled the rows or failed on UNIQUE.
        assertThat(Sqlite.rows(db, "SELECT count(*), count(DISTINCT payload) FROM events"))
                .containsExactly("200000|200000");
        assertThat(Sqlite.rows(db, "SELECT count(*) FROM users")).containsExactly("100");
        assertThat(Sqlite.rows(db, "SELECT kind, events FROM event_counts ORDER BY kind"))
                .containsExactly("login|66666", "logout|66667", "view|66667");
        assertThat(Sqlite.rows(db, "PRAGMA integrity_check")).containsExactly("ok");
        assertThat(Sqlite.rows(db, "PRAGMA foreign_key_check")).isEmpty();
    }

    /**
     * Each process unpacks SQLite's native library into a folder of its own: in a shared temporary folder, sqlite-jdbc
     * deletes the copies it takes for stale, and two JVMs (or another build's) racing on that log "ERROR: Failed to
     * delete old native lib".
     */
    private static List<String> jvmOptions(Path nativeDir) throws IOException {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        options.add("-Dorg.sqlite.tmpdir=" + Files.createDirectories(nativeDir));
        return options;
    }

    static Path writeMigrations(Path folder) {
        Sqlite.write(folder, "V1__users.sql", """
                CREATE TABLE users (
                  id    INTEGER PRIMARY KEY,
                  email TEXT NOT NULL UNIQUE,
                  name  TEXT NOT NULL
                );
                """);
        Sqlite.write(folder, "V2__events.sql", """
                CREATE TABLE events (
                  id      INTEGER PRIMARY KEY,
                  user_id INTEGER NOT NULL REFERENCES users (id),
                  kind    TEXT NOT NULL,
                  payload TEXT
                );
                """);
        // The slow one (about half a second): the others pile up on the lock while it runs.
        Sqlite.write(folder, "V3__fill_events.sql", """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
                INSERT INTO users (id, email, name) SELECT i, printf('user%d@example.com', i), printf('User %d', i) FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
                INSERT INTO events (user_id, kind, payload)
                SELECT 1 + i % 100, CASE i % 3 WHEN 0 THEN 'login' WHEN 1 THEN 'view' ELSE 'logout' END,
                       printf('event %d', i)
                FROM n;
                """);
        Sqlite.write(folder, "V4__index_events.sql", """
                CREATE INDEX events_user ON events (user_id);
                CREATE INDEX events_kind ON events (kind, id);
                """);
        Sqlite.write(folder, "V5__audit.sql", """
                CREATE TABLE audit (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, old_name TEXT, new_name TEXT);
                CREATE TRIGGER users_audit AFTER UPDATE OF name ON users BEGIN
                  INSERT INTO audit (user_id, old_name, new_name) VALUES (old.id, old.name, new.name);
                END;
                """);
        Sqlite.write(folder, "V6__views.sql", """
                CREATE VIEW event_counts AS SELECT kind, count(*) AS events FROM events GROUP BY kind;
                """);
        return folder;
    }
}
