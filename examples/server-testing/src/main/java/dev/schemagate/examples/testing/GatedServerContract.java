package dev.schemagate.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.examples.SampleMigrations;
import dev.schemagate.examples.SchemaProbe;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every app server must show with the agent attached the way the README says, on a real daemon and a real
 * SQLite file: instances started together before the daemon wait in premain and then serve the final schema; a
 * broken migration keeps every one of them from serving, with the agent's reason and exit code.
 *
 * <p>A server's test extends this and says how to start one instance ({@link #start(ServerInstance)}).
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
public abstract class GatedServerContract {
    /** Instances started at the same moment in each test. */
    public static final int INSTANCES = 3;
    /** What the example apps serve once every sample migration has run. */
    public static final String FINAL_SCHEMA = "version=4 accounts=20000 orders=100000";
    /**
     * Bounds every wait for a server. Generous on purpose: under a load of 30 on 2 cores one Spring Boot instance
     * took 54 s to serve, and three start at once.
     */
    public static final Duration SERVER_DEADLINE = Duration.ofMinutes(5);

    /** The bound on waits for this server ({@link #SERVER_DEADLINE} unless a slower server says otherwise). */
    protected Duration serverDeadline() {
        return SERVER_DEADLINE;
    }

    @TempDir
    protected Path dir;

    private final List<Launched> launched = new ArrayList<>();

    /**
     * Starts one instance with the agent attached as the README says, its console going to
     * {@link ServerInstance#consoleLog()} (or the server's own log, which {@link Launched#log()} must return).
     */
    protected abstract Launched start(ServerInstance instance) throws Exception;

    /** The example app's endpoint that shows the schema seen at start-up. */
    protected String schemaPath() {
        return "/schema";
    }

    /** The port the app serves on, once the server listens (the only listening port unless overridden). */
    protected int appPort(Launched server, Set<Integer> listening) {
        assertThat(listening).as("ports of %s", server.describe()).hasSize(1);
        return listening.iterator().next();
    }

    /** Starts an instance and remembers it for clean-up. */
    protected final Launched launch(ServerInstance instance) throws Exception {
        Launched server = start(instance);
        launched.add(server);
        return server;
    }

    /** Starts the daemon on {@code db}, {@code migrations} and {@code socket}; stopped after the test. */
    protected final Launched daemon(Path db, Path migrations, Path socket) {
        Launched daemon = SchemagateDaemon.start(db, migrations, socket, dir.resolve("daemon.log"));
        launched.add(daemon);
        return daemon;
    }

    protected final ServerInstance instance(String name, Path db, Path socket) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        return new ServerInstance(name, home, db, socket, BuiltJars.agent());
    }

    @AfterEach
    void stopEverything() {
        launched.forEach(Launched::kill);
    }

    @Test
    void instancesStartedBeforeTheDaemonWaitInPremainThenServeTheFinalSchema() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        Path socket = dir.resolve("run").resolve("schemagate.sock");
        SampleMigrations.copyTo(migrations);

        List<Launched> servers = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            servers.add(launch(instance(name(i), db, socket)));
        }
        // No daemon yet: every instance must be held in premain (the agent's progress line after 5 s), with no
        // port open and the app's start-up code not run.
        for (Launched server : servers) {
            await().atMost(serverDeadline())
                    .failFast("the server exited", () -> !server.isAlive())
                    .until(() -> AgentLog.isWaiting(server.log()));
            assertThat(ListeningPorts.of(server)).as(server.describe()).isEmpty();
            assertThat(server.log()).doesNotContain(SchemaProbe.STARTUP_MARKER);
        }

        Launched daemon = daemon(db, migrations, socket);
        for (Launched server : servers) {
            Set<Integer> ports = awaitListening(server);
            HttpResponse<String> first = HttpGet.get(appPort(server, ports), schemaPath());
            assertThat(first.statusCode())
                    .as("first GET %s of %s", schemaPath(), server)
                    .isEqualTo(200);
            assertThat(first.body().trim()).as(server.describe()).isEqualTo(FINAL_SCHEMA);
            assertThat(server.log())
                    .as("the app's start-up read ran once, after the wait")
                    .containsOnlyOnce(SchemaProbe.STARTUP_MARKER + " " + FINAL_SCHEMA);
            assertThat(AgentLog.verdicts(server.log()))
                    .as(server.describe())
                    .singleElement()
                    .asString()
                    .contains("schema ready at version 4 after");
        }
        String daemonRun = SchemagateDaemon.appliedBy(daemon);
        assertThat(rows(db, "SELECT version || ' ' || applied_by FROM schemagate_history ORDER BY rowid"))
                .as("the daemon applied every migration, no server ran one")
                .containsExactly("1 " + daemonRun, "2 " + daemonRun, "3 " + daemonRun, "4 " + daemonRun);
    }

    @Test
    void aBrokenMigrationKeepsEveryInstanceFromServingWithTheAgentsReasonAndExitCode() throws Exception {
        Path db = dir.resolve("app.db");
        Path migrations = dir.resolve("migrations");
        Path socket = dir.resolve("run").resolve("schemagate.sock");
        SampleMigrations.copyTo(migrations);
        Files.writeString(
                migrations.resolve("V5__broken.sql"),
                "CREATE TABLE audit(x);\n\nINSERT INTO nope VALUES (1);\n",
                StandardCharsets.UTF_8);

        List<Launched> servers = new ArrayList<>();
        for (int i = 1; i <= INSTANCES; i++) {
            servers.add(launch(instance(name(i), db, socket)));
        }
        Launched daemon = daemon(db, migrations, socket);
        for (Launched server : servers) {
            int exit = server.awaitExit(serverDeadline());
            assertThat(exit).as("exit code of %s", server).isEqualTo(70);
            assertThat(AgentLog.verdicts(server.log()))
                    .as(server.describe())
                    .singleElement()
                    .asString()
                    .contains("V5__broken.sql")
                    .contains("line 3")
                    .contains("no such table: nope");
            assertThat(server.log()).doesNotContain(SchemaProbe.STARTUP_MARKER);
        }
        assertThat(daemon.isAlive())
                .as("the daemon stays up after a failed batch")
                .isTrue();
        assertThat(rows(db, "SELECT name FROM sqlite_schema"))
                .as("the failed batch was rolled back whole")
                .isEmpty();
    }

    /** The instance's name and the agent's app=. */
    protected String name(int i) {
        return getClass().getSimpleName().replace("IT", "").toLowerCase(java.util.Locale.ROOT) + "-" + i;
    }

    private Set<Integer> awaitListening(Launched server) {
        return ListeningPorts.await(server, serverDeadline());
    }

    /** Every row of a one-column query on a real connection. */
    protected static List<String> rows(Path db, String sql) throws SQLException {
        return DatabaseRows.of(db, sql);
    }
}
