package dev.schemagate.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    SchemagateConfig load(Path file, Map<String, String> env, Map<String, String> flags, boolean needsSocket) {
        List<String> problems = new ArrayList<>();
        return ConfigBinder.bind(ConfigSources.collect(file, env, flags, problems), needsSocket, problems);
    }

    Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("schemagate.yaml"), text);
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        SchemagateConfig c =
                load(null, Map.of(), Map.of("db", dir.resolve("a.db").toString(), "migrations", "m"), false);
        assertThat(c.migrate().lock().busyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.migrate().lock().retries()).isEqualTo(10);
        assertThat(c.migrate().lock().baseBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.migrate().lock().deadline()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.migrate().allowOutOfOrder()).isFalse();
        assertThat(c.metrics()).isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
        assertThat(c.logLevel()).isEqualTo(Level.INFO);
        assertThat(c.maxConnections()).isEqualTo(10_000);
        assertThat(c.helloTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.socket()).isNull();
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = yaml("db: " + dir.resolve("file.db") + "\nmigrations: from-file\nsocket: /run/x.sock\n"
                + "lock:\n  retries: 1\n  deadline: 10s\n  backoff: 1s\nlogLevel: warn\nmetrics: off\n");
        Map<String, String> env = Map.of(
                "SCHEMAGATE_LOCK_RETRIES",
                "2",
                "SCHEMAGATE_LOCK_DEADLINE",
                "20s",
                "SCHEMAGATE_ALLOW_OUT_OF_ORDER",
                "true");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("lock-retries", "3");
        flags.put("metrics", "[::1]:0");

        SchemagateConfig c = load(file, env, flags, true);

        assertThat(c.migrate().lock().retries()).isEqualTo(3);
        assertThat(c.migrate().lock().deadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.migrate().lock().baseBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.migrate().migrations()).isEqualTo(Path.of("from-file"));
        assertThat(c.migrate().allowOutOfOrder()).isTrue();
        assertThat(c.socket()).isEqualTo(Path.of("/run/x.sock"));
        assertThat(c.logLevel()).isEqualTo(Level.WARNING);
        assertThat(c.metrics().getPort()).isZero();
        assertThat(c.metrics().getAddress()).isEqualTo(java.net.InetAddress.getByName("::1"));
    }

    @Test
    void jsonWorksAsWellAsYaml() throws IOException {
        Path file = Files.writeString(
                dir.resolve("c.json"),
                "{\"db\": \"" + dir.resolve("j.db")
                        + "\", \"migrations\": \"m\", \"lock\": {\"busyTimeout\": \"250ms\"}, \"metrics\": \"off\"}");
        SchemagateConfig c = load(file, Map.of(), Map.of(), false);
        assertThat(c.migrate().lock().busyTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.metrics()).isNull();
    }

    @Test
    void everyProblemIsListedAtOnceWithKeyValueAndExpectation() throws IOException {
        Path file = yaml("migrations: m\nlock:\n  retries: many\n  deadlin: 4s\nmaxConnections: 0\n");
        Map<String, String> env = Map.of("SCHEMAGATE_LOG_LEVEL", "verbose", "SCHEMAGATE_HELLO_TIMEOUT", "5");
        Map<String, String> flags = Map.of("lock-backoff", "-1s", "metrics", "localhost", "allow-out-of-order", "yes");

        assertThatThrownBy(() -> load(file, env, flags, true))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining("invalid configuration (10 problems)")
                .hasMessageContaining("unknown key 'lock.deadlin'; expected one of db, migrations")
                .hasMessageContaining("db is required: set --db, SCHEMAGATE_DB or 'db:' in the config file")
                .hasMessageContaining("socket is required: set --socket, SCHEMAGATE_SOCKET")
                .hasMessageContaining("schemagate.yaml: lock.retries 'many': expected a whole number from 0 to 1000")
                .hasMessageContaining("schemagate.yaml: maxConnections '0': expected a whole number from 1 to 1000000")
                .hasMessageContaining("SCHEMAGATE_LOG_LEVEL 'verbose': expected one of debug, info, warn, error")
                .hasMessageContaining("SCHEMAGATE_HELLO_TIMEOUT '5': expected a duration with a unit")
                .hasMessageContaining("--lock-backoff '-1s': expected a duration")
                .hasMessageContaining("--metrics 'localhost': expected HOST:PORT")
                .hasMessageContaining("--allow-out-of-order 'yes': expected true or false");
    }

    Map<String, String> base(String... more) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("db", dir.resolve("a.db").toString());
        flags.put("migrations", "m");
        for (int i = 0; i < more.length; i += 2) {
            flags.put(more[i], more[i + 1]);
        }
        return flags;
    }

    @Test
    void aMetricsAddressOtherThanLoopbackIsRefusedUnlessSaidExplicitly() {
        for (String address : List.of("0.0.0.0:9464", "[::]:9464", "192.0.2.10:9464")) {
            assertThatThrownBy(() -> load(null, Map.of(), base("metrics", address), false))
                    .as(address)
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                    .hasMessageContaining("--metrics '" + address + "': not a loopback address, so /metrics and"
                            + " /status (which have no authentication) would be open to the network; expected"
                            + " 127.0.0.1:PORT or [::1]:PORT, or say so explicitly with --metrics-public,"
                            + " SCHEMAGATE_METRICS_PUBLIC=true or 'metricsPublic: true' in the config file");
        }
        assertThat(load(null, Map.of(), base("metrics", "0.0.0.0:9464", "metrics-public", "true"), false)
                        .metrics())
                .isEqualTo(new InetSocketAddress("0.0.0.0", 9464));
        assertThat(load(null, Map.of("SCHEMAGATE_METRICS_PUBLIC", "true"), base("metrics", "[::]:0"), false)
                        .metrics()
                        .getPort())
                .isZero();
        assertThat(load(null, Map.of(), base("metrics", "127.0.0.2:9464"), false)
                        .metrics())
                .isEqualTo(new InetSocketAddress("127.0.0.2", 9464));
        assertThat(load(null, Map.of(), base("metrics", "localhost:9464"), false)
                        .metrics()
                        .getAddress()
                        .isLoopbackAddress())
                .isTrue();
    }

    @Test
    void allowListsTakeNamesAndIdsAndReportUnknownNames() throws IOException {
        SchemagateConfig open = load(null, Map.of(), base(), false);
        assertThat(open.allow().isOpen()).isTrue();

        SchemagateConfig c = load(
                yaml("allowGroups: \"root, 4242\"\n"),
                Map.of("SCHEMAGATE_ALLOW_USERS", "root,nobody,1001"),
                base(),
                false);
        assertThat(c.allow().uids()).containsExactlyInAnyOrder(0, 65534, 1001);
        assertThat(c.allow().gids()).containsExactlyInAnyOrder(0, 4242);

        assertThatThrownBy(() ->
                        load(null, Map.of(), base("allow-users", "no-such-user-here", "allow-groups", "a,,b"), false))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining("--allow-users 'no-such-user-here': no user named 'no-such-user-here' on this"
                        + " host (getent passwd no-such-user-here finds nothing); expected a user name or a numeric id")
                .hasMessageContaining("--allow-groups 'a,,b': an empty entry; expected group names or ids separated"
                        + " by single commas");
    }

    /**
     * Integer.parseInt and Character.isDigit take any script's digits: '\u0661\u0660\u0660\u0661' (1001 in
     * Arabic-Indic digits) must not silently become uid 1001, nor '\u0661\u0660' ten connections.
     */
    @Test
    void numbersAreAsciiDigitsOnly() {
        assertThatThrownBy(() -> load(
                        null,
                        Map.of(),
                        base("allow-users", "\u0661\u0660\u0660\u0661", "max-connections", "\u0661\u0660"),
                        false))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining("--allow-users '\u0661\u0660\u0660\u0661': no user named")
                .hasMessageContaining("--max-connections '\u0661\u0660': expected a whole number from 1 to 1000000");
        assertThatThrownBy(() -> load(null, Map.of(), base("max-connections", "+10"), false))
                .as("a leading + is not a digit either")
                .hasMessageContaining("--max-connections '+10': expected a whole number");
    }

    @Test
    void aBrokenFileIsReportedWithItsLine() throws IOException {
        Path file = yaml("db: a.db\nlock: [1, 2\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of(), false))
                .hasMessageContaining("config file " + file + ": not valid YAML or JSON")
                .hasMessageContaining("(line ");
    }

    @Test
    void aPathThatNoFileCanHaveIsAProblemNotACrash() throws IOException {
        // YAML's "\0" escape puts a NUL into the text; Path.of throws for it (found by ConfigFuzzTest).
        Path file = yaml("db: \"app\\0.db\"\nmigrations: m\nsocket: \"s\\0.sock\"\n");
        assertThatThrownBy(() -> load(file, Map.of(), Map.of(), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid configuration (2 problems)")
                .hasMessageContaining(
                        "schemagate.yaml: db 'app\\u0000.db': expected a file path (Nul character not allowed)")
                .hasMessageContaining("schemagate.yaml: socket 's\\u0000.sock': expected a file path");
    }

    @Test
    void aDatabaseInAFolderThatDoesNotExistIsAProblemBeforeAnythingOpensIt() {
        Path db = dir.resolve("no-such-folder").resolve("app.db");
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("db", db.toString(), "migrations", "m"), false))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining("--db '" + db + "': its folder " + db.getParent()
                        + " does not exist; expected a path in an existing folder");
        assertThat(db.getParent()).doesNotExist();
    }

    @Test
    void aConfigFileThatIsAFolderAndASocketPathOverTheKernelsLimitAreProblems() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("conf.d"));
        String socket = "/run/" + "s".repeat(120) + ".sock";
        assertThatThrownBy(() -> load(
                        folder,
                        Map.of(),
                        Map.of("db", dir.resolve("a.db").toString(), "migrations", "m", "socket", socket),
                        true))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining("config file " + folder + ": cannot be read (")
                .hasMessageContaining("expected a readable YAML or JSON file")
                .hasMessageContaining("--socket '" + socket + "': expected an absolute path of at most 107 bytes"
                        + " (the kernel's limit for Unix socket addresses)");
    }

    @Test
    void namesFollowOneRule() {
        assertThat(ConfigKey.LOCK_BUSY_TIMEOUT.env()).isEqualTo("SCHEMAGATE_LOCK_BUSY_TIMEOUT");
        assertThat(ConfigKey.LOCK_BUSY_TIMEOUT.flag()).isEqualTo("lock-busy-timeout");
        assertThat(ConfigKey.ALLOW_OUT_OF_ORDER.env()).isEqualTo("SCHEMAGATE_ALLOW_OUT_OF_ORDER");
        assertThat(ConfigKey.byFlag("hello-timeout")).isEqualTo(ConfigKey.HELLO_TIMEOUT);
        assertThat(ConfigKey.byKey("lock.retries")).isEqualTo(ConfigKey.LOCK_RETRIES);
    }
}
