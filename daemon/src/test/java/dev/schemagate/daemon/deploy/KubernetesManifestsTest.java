package dev.schemagate.daemon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.schemagate.daemon.config.ConfigBinder;
import dev.schemagate.daemon.config.ConfigKey;
import dev.schemagate.daemon.config.ConfigSources;
import dev.schemagate.daemon.config.ConfigValue;
import dev.schemagate.daemon.config.Durations;
import dev.schemagate.daemon.config.SchemagateConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes: every manifest parses; the daemon's configuration, the socket path, the volumes, the probe and
 * the agent options agree with each other and with deploy/schemagate.example.yaml; and every object validates
 * against the Kubernetes OpenAPI schemas (kubernetes-models, run by node; see deploy/kubernetes/validate).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubernetesManifestsTest {

    static final Path KUBERNETES = DeployUnitsTest.DEPLOY.resolve("kubernetes");
    static final List<String> MANIFESTS = List.of("per-pod.yaml", "per-node.yaml");

    /** Room for the longest migration batch on top of the lock deadline, in the start-up budgets. */
    static final Duration MIGRATION_ALLOWANCE = Duration.ofMinutes(10);

    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path dir;

    /** Every object of one manifest file. */
    static List<JsonNode> objects(String manifest) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(KUBERNETES.resolve(manifest).toFile())) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    objects.add(node);
                }
            }
        }
        return objects;
    }

    /** The configuration and the pod template of the daemon, and the app workloads, of one manifest. */
    record Manifest(String file, List<JsonNode> objects) {
        Stream<JsonNode> kind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
        }

        JsonNode configMap(String name) {
            return kind("ConfigMap")
                    .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": no ConfigMap " + name));
        }

        /** StatefulSets, Deployments, DaemonSets: the objects with a pod template. */
        List<JsonNode> workloads() {
            return objects.stream()
                    .filter(o -> o.path("spec").path("template").path("spec").isObject())
                    .toList();
        }
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static Manifest manifest(String file) throws Exception {
        return new Manifest(file, objects(file));
    }

    /** The containers of a pod spec that run the daemon ({@code args: [daemon, ...]}). */
    static List<JsonNode> daemonContainers(JsonNode podSpec) {
        List<JsonNode> found = new ArrayList<>();
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : podSpec.path(list)) {
                if ("daemon".equals(c.path("args").path(0).asText())) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    /** The volume mounted at {@code path} in the container, or null; follows subPath mounts too. */
    static JsonNode mountAt(JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (path.equals(m.path("mountPath").asText())) {
                return m;
            }
        }
        return null;
    }

    static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + podSpec);
    }

    /**
     * Where a volume's data lives, so that two containers' volumes can be compared: hostPath by its path, a
     * StatefulSet's volumeClaimTemplate or a pod volume by its name (both belong to the one pod).
     */
    static String identity(JsonNode workload, String volumeName) {
        for (JsonNode claim : workload.path("spec").path("volumeClaimTemplates")) {
            if (volumeName.equals(claim.path("metadata").path("name").asText())) {
                return "claim:" + volumeName;
            }
        }
        JsonNode v = volume(workload.path("spec").path("template").path("spec"), volumeName);
        return v.has("hostPath") ? "hostPath:" + v.path("hostPath").path("path").asText() : "volume:" + volumeName;
    }

    /**
     * The daemon's configuration from the ConfigMap: the paths as written (they name folders inside the pod), and
     * every other key bound and validated by the daemon's own config code. The binder checks that the paths' folders
     * exist on this machine, so for binding only they are pointed into the test's temp folder.
     */
    record DaemonConfig(Path db, Path migrations, Path socket, SchemagateConfig bound) {}

    DaemonConfig daemonConfig(Manifest m, JsonNode podSpec, JsonNode daemon) throws Exception {
        List<String> args = new ArrayList<>();
        daemon.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as(m.file() + ": the daemon reads its config file").contains("--config");
        String configPath = args.get(args.indexOf("--config") + 1);
        JsonNode mount = mountAt(daemon, configPath);
        assertThat(mount).as(m.file() + ": " + configPath + " is mounted").isNotNull();
        JsonNode configMapRef = volume(podSpec, mount.path("name").asText()).path("configMap");
        String key = mount.path("subPath").asText();
        String text = m.configMap(configMapRef.path("name").asText())
                .path("data")
                .path(key)
                .asText();
        assertThat(text).as(m.file() + ": ConfigMap key " + key).isNotBlank();
        Path file = Files.writeString(dir.resolve(m.file() + "-" + key), text, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        Map<ConfigKey, ConfigValue> written = ConfigSources.collect(file, Map.of(), Map.of(), problems);
        assertThat(problems).isEmpty();
        Path here = Files.createDirectories(dir.resolve("bind-" + m.file()));
        Map<ConfigKey, ConfigValue> values = ConfigSources.collect(
                file,
                Map.of(),
                Map.of(
                        ConfigKey.DB.flag(), here.resolve("app.db").toString(),
                        ConfigKey.MIGRATIONS.flag(), here.toString()),
                problems);
        return new DaemonConfig(
                Path.of(written.get(ConfigKey.DB).text()),
                Path.of(written.get(ConfigKey.MIGRATIONS).text()),
                Path.of(written.get(ConfigKey.SOCKET).text()),
                ConfigBinder.bind(values, true, problems));
    }

    static Map<ConfigKey, ConfigValue> exampleConfig() {
        List<String> problems = new ArrayList<>();
        Map<ConfigKey, ConfigValue> values = ConfigSources.collect(
                DeployUnitsTest.DEPLOY.resolve("schemagate.example.yaml"), Map.of(), Map.of(), problems);
        assertThat(problems).isEmpty();
        return values;
    }

    /** {@code -javaagent:JAR=k=v,k=v} from JAVA_TOOL_OPTIONS: the jar path and the options. */
    record AgentOptions(String jar, Map<String, String> options) {
        static AgentOptions parse(String javaToolOptions) {
            for (String word : javaToolOptions.trim().split("\\s+")) {
                if (word.startsWith("-javaagent:")) {
                    String rest = word.substring("-javaagent:".length());
                    int eq = rest.indexOf('=');
                    Map<String, String> options = new java.util.LinkedHashMap<>();
                    if (eq > 0) {
                        for (String item : rest.substring(eq + 1).split(",")) {
                            String[] kv = item.split("=", 2);
                            options.put(kv[0], kv.length > 1 ? kv[1] : null);
                        }
                    }
                    return new AgentOptions(eq > 0 ? rest.substring(0, eq) : rest, options);
                }
            }
            throw new AssertionError("no -javaagent in JAVA_TOOL_OPTIONS: " + javaToolOptions);
        }
    }

    @Test
    void socketDatabaseAndMigrationsAreOurDefaultsAndEveryPodSeesThemAtTheSamePlace() throws Exception {
        Map<ConfigKey, ConfigValue> example = exampleConfig();
        for (String file : MANIFESTS) {
            Manifest m = manifest(file);
            List<JsonNode> daemonWorkloads = m.workloads().stream()
                    .filter(w -> !daemonContainers(podSpec(w)).isEmpty())
                    .toList();
            assertThat(daemonWorkloads)
                    .as(file + ": one workload runs the daemon")
                    .hasSize(1);
            JsonNode daemonWorkload = daemonWorkloads.get(0);
            JsonNode daemonPod = podSpec(daemonWorkload);
            JsonNode daemon = daemonContainers(daemonPod).get(0);
            DaemonConfig config = daemonConfig(m, daemonPod, daemon);

            assertThat(config.socket().toString())
                    .isEqualTo(example.get(ConfigKey.SOCKET).text());
            assertThat(config.db().toString())
                    .isEqualTo(example.get(ConfigKey.DB).text());
            assertThat(config.migrations().toString())
                    .isEqualTo(example.get(ConfigKey.MIGRATIONS).text());

            String socketDir = config.socket().getParent().toString();
            String dbDir = config.db().getParent().toString();
            JsonNode socketMount = mountAt(daemon, socketDir);
            JsonNode dbMount = mountAt(daemon, dbDir);
            JsonNode migrationsMount = mountAt(daemon, config.migrations().toString());
            assertThat(socketMount)
                    .as(file + ": the daemon mounts " + socketDir)
                    .isNotNull();
            assertThat(dbMount).as(file + ": the daemon mounts " + dbDir).isNotNull();
            assertThat(migrationsMount)
                    .as(file + ": the daemon mounts the migrations")
                    .isNotNull();
            assertThat(volume(daemonPod, migrationsMount.path("name").asText()).has("configMap"))
                    .isTrue();
            String socketVolume =
                    identity(daemonWorkload, socketMount.path("name").asText());
            String dbVolume = identity(daemonWorkload, dbMount.path("name").asText());

            int apps = 0;
            for (JsonNode workload : m.workloads()) {
                JsonNode pod = podSpec(workload);
                for (JsonNode app : pod.path("containers")) {
                    String toolOptions = env(app, "JAVA_TOOL_OPTIONS");
                    if (toolOptions == null) {
                        continue;
                    }
                    apps++;
                    String where = file + ": container " + app.path("name").asText();
                    AgentOptions agent = AgentOptions.parse(toolOptions);
                    assertThat(agent.options().get("socket"))
                            .as(where + " socket=")
                            .isEqualTo(config.socket().toString());
                    assertThat(agent.options().keySet())
                            .as(where + ": agent options")
                            .isSubsetOf("socket", "timeout", "requires", "app", "onFailure", "skip", "gate");
                    JsonNode appSocket = mountAt(app, socketDir);
                    JsonNode appDb = mountAt(app, dbDir);
                    assertThat(appSocket).as(where + " mounts " + socketDir).isNotNull();
                    assertThat(appDb).as(where + " mounts " + dbDir).isNotNull();
                    assertThat(identity(workload, appSocket.path("name").asText()))
                            .as(where + ": the socket folder is the daemon's")
                            .isEqualTo(socketVolume);
                    assertThat(identity(workload, appDb.path("name").asText()))
                            .as(where + ": the database folder is the daemon's")
                            .isEqualTo(dbVolume);
                    assertAgentJarIsCopiedIn(pod, app, agent.jar(), where);
                }
            }
            assertThat(apps).as(file + ": app containers with the agent").isPositive();
        }
    }

    /** The app's -javaagent jar lies in a volume that an init container fills with the jar of the same name. */
    static void assertAgentJarIsCopiedIn(JsonNode pod, JsonNode app, String jar, String where) {
        String folder = Path.of(jar).getParent().toString();
        JsonNode mount = mountAt(app, folder);
        assertThat(mount).as(where + " mounts " + folder).isNotNull();
        String volumeName = mount.path("name").asText();
        boolean copied = false;
        for (JsonNode init : pod.path("initContainers")) {
            List<String> command = new ArrayList<>();
            init.path("command").forEach(c -> command.add(c.asText()));
            for (JsonNode m : init.path("volumeMounts")) {
                if (volumeName.equals(m.path("name").asText())
                        && command.size() == 3
                        && command.get(0).equals("cp")
                        && command.get(1).endsWith("/" + Path.of(jar).getFileName())
                        && Path.of(command.get(2))
                                .equals(Path.of(m.path("mountPath").asText()))) {
                    copied = true;
                }
            }
        }
        assertThat(copied)
                .as(where + ": an init container copies " + Path.of(jar).getFileName() + " into " + folder)
                .isTrue();
    }

    @Test
    void perPodTheSidecarGatesTheAppOnReadyzWithABudgetForLongMigrations() throws Exception {
        Manifest m = manifest("per-pod.yaml");
        JsonNode pod = podSpec(m.kind("StatefulSet").findFirst().orElseThrow());
        JsonNode sidecar = daemonContainers(pod).get(0);
        DaemonConfig config = daemonConfig(m, pod, sidecar);

        assertThat(pod.path("initContainers").findValuesAsText("name"))
                .contains(sidecar.path("name").asText());
        assertThat(sidecar.path("restartPolicy").asText())
                .as("a native sidecar")
                .isEqualTo("Always");
        JsonNode probe = sidecar.path("startupProbe");
        assertThat(probe.path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(portNumber(sidecar, probe.path("httpGet").path("port")))
                .as("the probe asks the daemon's metrics port")
                .isEqualTo(config.bound().metrics().getPort());
        assertThat(config.bound().metrics().getAddress().isAnyLocalAddress())
                .as("metrics listen on the pod's address, which the kubelet probes (not 127.0.0.1)")
                .isTrue();
        Duration budget = Duration.ofSeconds(probe.path("periodSeconds").asLong(10)
                        * probe.path("failureThreshold").asLong(3)
                + probe.path("initialDelaySeconds").asLong(0));
        assertThat(budget)
                .as("startupProbe budget covers the lock deadline and long migrations")
                .isGreaterThanOrEqualTo(
                        config.bound().migrate().lock().deadline().plus(MIGRATION_ALLOWANCE));
        assertThat(probe.path("periodSeconds").asLong(10))
                .as("a quick migration still releases the app quickly")
                .isLessThanOrEqualTo(5);
        assertThat(pod.path("containers").findValuesAsText("name"))
                .doesNotContain(sidecar.path("name").asText());
    }

    @Test
    void perNodeTheDaemonSetAndTheAppsShareTheHostFoldersAndTheAgentWaitsLongEnough() throws Exception {
        Manifest m = manifest("per-node.yaml");
        JsonNode daemonSet = m.kind("DaemonSet").findFirst().orElseThrow();
        JsonNode pod = daemonSet.path("spec").path("template").path("spec");
        DaemonConfig config = daemonConfig(m, pod, daemonContainers(pod).get(0));
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("hostPath")) {
                assertThat(v.path("hostPath").path("path").asText())
                        .isIn(
                                config.socket().getParent().toString(),
                                config.db().getParent().toString());
            }
        }
        JsonNode app = m.kind("Deployment").findFirst().orElseThrow();
        for (JsonNode c : app.path("spec").path("template").path("spec").path("containers")) {
            AgentOptions agent = AgentOptions.parse(env(c, "JAVA_TOOL_OPTIONS"));
            Duration timeout = Durations.parseOrNull(agent.options().get("timeout"));
            assertThat(timeout)
                    .as("the agent waits through the lock deadline and long migrations")
                    .isGreaterThanOrEqualTo(
                            config.bound().migrate().lock().deadline().plus(MIGRATION_ALLOWANCE));
        }
    }

    static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (port.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named " + port + " in " + container.path("name"));
    }

    @Test
    void everyObjectValidatesAgainstTheKubernetesSchemas() throws Exception {
        List<String> files = new ArrayList<>();
        MANIFESTS.forEach(f -> files.add(KUBERNETES.resolve(f).toString()));
        Result ok = validate(files);
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out().lines().filter(l -> l.startsWith("OK "))).hasSize(7);

        // The validator must be able to say no: a port that is not a number and a probe threshold that is text.
        String broken = Files.readString(KUBERNETES.resolve("per-pod.yaml"))
                .replace("containerPort: 9464", "containerPort: nine")
                .replace("failureThreshold: 180", "failureThreshold: many");
        Path brokenFile = Files.writeString(dir.resolve("broken.yaml"), broken);
        Result bad = validate(List.of(brokenFile.toString()));
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("INVALID", "containerPort", "failureThreshold");
    }

    record Result(int exit, String out) {}

    Result validate(List<String> files) throws Exception {
        Path validator = KUBERNETES.resolve("validate");
        assertThat(validator.resolve("node_modules/kubernetes-models"))
                .as("the schema validator is installed: run (cd deploy/kubernetes/validate && npm ci), as .ci/run does;"
                        + " this test fails rather than skips so unchecked manifests never pass")
                .isDirectory();
        List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
        command.addAll(files);
        Process p = new ProcessBuilder(command)
                .directory(validator.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
