package dev.schemagate.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.examples.SampleMigrations;
import dev.schemagate.examples.SchemaProbe;
import dev.schemagate.examples.testing.AgentLog;
import dev.schemagate.examples.testing.BuiltJars;
import dev.schemagate.examples.testing.DatabaseRows;
import dev.schemagate.examples.testing.ExecutableJar;
import dev.schemagate.examples.testing.GatedServerContract;
import dev.schemagate.examples.testing.HttpGet;
import dev.schemagate.examples.testing.Launched;
import dev.schemagate.examples.testing.ListeningPorts;
import dev.schemagate.examples.testing.SchemagateDaemon;
import dev.schemagate.examples.testing.ServerInstance;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe "Spring Boot with Flyway", done to the example app: the app first runs as it did before
 * schemagate (Spring Boot's own Flyway migrates at start-up); then, with the app stopped, {@code schemagate import
 * --from flyway} takes Flyway's history over, and instances with {@code spring.flyway.enabled=false} and the agent
 * start beside a daemon on the same migration files plus one new migration, which runs exactly once.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class FlywayAdoptionIT {
    /** Instances started together after the move: enough to show that none of them migrates. */
    static final int INSTANCES = 2;

    static final String NEW_MIGRATION = "V5__order_notes.sql";

    /** Flyway's whole history table, one line per row, to show that nothing after the move touched it. */
    static final String FLYWAY_HISTORY = "SELECT installed_rank, version, description, type, script, checksum,"
            + " installed_by, installed_on, execution_time, success FROM flyway_schema_history ORDER BY installed_rank";

    @TempDir
    Path dir;

    private final List<Launched> launched = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        launched.forEach(Launched::kill);
    }

    @Test
    void anAppMigratedBySpringBootsFlywayMovesToTheDaemonWithImportAndTheNewMigrationRunsOnce() throws Exception {
        Path jar = BuiltJars.required("example.jar");
        Path db = dir.resolve("app.db");
        Path socket = dir.resolve("run").resolve("schemagate.sock");

        // Before: no schemagate at all; Spring Boot's Flyway runs classpath:db/migration at start-up.
        ServerInstance before = instance("before", db, socket);
        Launched flywayApp = remember(ExecutableJar.startWithoutAgent(
                before, jar, Map.of("SPRING_PROFILES_ACTIVE", FlywayRecipe.BEFORE_PROFILE)));
        assertThat(schema(flywayApp)).isEqualTo(GatedServerContract.FINAL_SCHEMA);
        flywayApp.kill();
        List<String> flywayHistory = DatabaseRows.of(db, FLYWAY_HISTORY);
        assertThat(flywayHistory).as("Flyway ran the four sample migrations").hasSize(4);
        assertThat(DatabaseRows.of(db, "SELECT name FROM sqlite_schema WHERE name = 'schemagate_history'"))
                .isEmpty();
        String flywayUser = "flyway:"
                + DatabaseRows.of(db, "SELECT DISTINCT installed_by FROM flyway_schema_history")
                        .get(0);

        // The daemon's folder: the same files as the app's db/migration, plus the first new one.
        Path migrations = dir.resolve("db").resolve("migration");
        SampleMigrations.copyTo(migrations);
        Files.writeString(
                migrations.resolve(NEW_MIGRATION),
                "CREATE TABLE order_notes (order_id INTEGER NOT NULL REFERENCES orders(id), note TEXT NOT NULL);\n"
                        + "INSERT INTO order_notes (order_id, note) VALUES (1, 'moved off Flyway');\n",
                StandardCharsets.UTF_8);

        Launched imported = remember(SchemagateDaemon.command(
                dir.resolve("import.log"),
                FlywayRecipe.importArguments(db, migrations).toArray(String[]::new)));
        assertThat(imported.awaitExit(GatedServerContract.SERVER_DEADLINE))
                .as("%s", imported)
                .isZero();
        assertThat(imported.log())
                .contains("imported 4 rows from flyway_schema_history (flyway)")
                .contains("now at version 4, 1 pending");

        // After: the daemon on the same files, instances with Flyway off (the default profile) and the agent.
        Launched daemon = remember(SchemagateDaemon.start(db, migrations, socket, dir.resolve("daemon.log")));
        List<Launched> servers = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            servers.add(remember(ExecutableJar.start(instance("after-" + i, db, socket), jar)));
        }
        for (Launched server : servers) {
            assertThat(schema(server)).isEqualTo("version=5 accounts=20000 orders=100000");
            // The app's own start-up read saw version 5: it ran after the daemon's COMMIT. The agent says so only
            // when it waited long enough to be worth a line; an instance that found the daemon READY already (its
            // state file) starts silently, which on a fast machine is the common case (CI saw it).
            assertThat(server.log())
                    .as(server.describe())
                    .containsOnlyOnce(SchemaProbe.STARTUP_MARKER + " version=5 accounts=20000 orders=100000");
            assertThat(AgentLog.verdicts(server.log()))
                    .as("the agent printed nothing or that it released the app at version 5: %s", server.describe())
                    .allSatisfy(
                            line -> assertThat(line).startsWith(AgentLog.PREFIX + " schema ready at version 5 after"));
        }

        assertThat(DatabaseRows.of(
                        db, "SELECT version, script, kind, applied_by FROM schemagate_history ORDER BY rowid"))
                .as("Flyway's four rows imported, the new migration applied once, by the daemon")
                .containsExactly(
                        "1|V1__accounts.sql|imported|" + flywayUser,
                        "2|V2__orders.sql|imported|" + flywayUser,
                        "3|V3__seed_sample_data.sql|imported|" + flywayUser,
                        "4|V4__account_totals_view.sql|imported|" + flywayUser,
                        "5|" + NEW_MIGRATION + "|applied|" + SchemagateDaemon.appliedBy(daemon));
        assertThat(DatabaseRows.of(db, "SELECT count(*) FROM order_notes")).containsExactly("1");
        assertThat(DatabaseRows.of(db, FLYWAY_HISTORY))
                .as("Flyway's table is left exactly as Flyway wrote it")
                .isEqualTo(flywayHistory);
    }

    private Launched remember(Launched process) {
        launched.add(process);
        return process;
    }

    private ServerInstance instance(String name, Path db, Path socket) throws Exception {
        return new ServerInstance(name, Files.createDirectories(dir.resolve(name)), db, socket, BuiltJars.agent());
    }

    /** The body of the first {@code GET /schema}, once the app listens. */
    private static String schema(Launched server) {
        int port = ListeningPorts.await(server, GatedServerContract.SERVER_DEADLINE)
                .iterator()
                .next();
        HttpResponse<String> response = HttpGet.get(port, "/schema");
        assertThat(response.statusCode()).as(server.describe()).isEqualTo(200);
        return response.body().trim();
    }
}
