package dev.schemagate.daemon.server;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.testing.RawClient;
import dev.schemagate.daemon.testing.Sqlite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The daemon never migrates a database that has tables but no history: FAILED NOT_ADOPTED, nothing touched. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotAdoptedDaemonTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aDatabaseWithTablesButNoHistoryAnswersFailedNotAdoptedNamingTheCommand() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        Path socket = dir.resolve("run").resolve("sg.sock");
        write(migrations, "V1__users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);");
        Sqlite.exec(
                db,
                "CREATE TABLE users (id INTEGER PRIMARY KEY)",
                "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),"
                        + " description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL,"
                        + " checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TEXT NOT NULL,"
                        + " execution_time INT NOT NULL, success BOOLEAN NOT NULL)");
        var schemaBefore = Sqlite.rows(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name");

        try (Daemon daemon = Daemon.start(
                new MigrateSettings(db, migrations, LockSettings.DEFAULTS, false),
                new ServerSettings(
                        socket, ServerSettings.DEFAULT_MAX_CONNECTIONS, ServerSettings.DEFAULT_HELLO_TIMEOUT),
                SessionObserver.NONE)) {
            await().atMost(WAIT).until(() -> daemon.coordinator().state().phase() == Phase.FAILED);
            try (RawClient client = RawClient.connect(socket)) {
                client.send("HELLO v=1\n");
                client.readLine(WAIT);
                assertThat(client.readLine(WAIT))
                        .startsWith(
                                "FAILED code=NOT_ADOPTED message=\"" + db + " has 2 tables but no schemagate_history")
                        .contains("tables: flyway_schema_history, users")
                        .contains("history of another tool: flyway_schema_history (Flyway; import --from flyway)")
                        .contains("action=\"take over Flyway's history with 'schemagate import --db " + db);
            }
        }
        assertThat(Sqlite.rows(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
                .isEqualTo(schemaBefore);
    }
}
