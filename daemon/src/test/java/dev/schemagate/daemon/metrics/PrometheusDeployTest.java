package dev.schemagate.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** deploy/prometheus: the scrape config, the alert rules and their unit tests pass promtool; names exist. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrometheusDeployTest {
    static final Path DEPLOY = RepoRoot.path().resolve("deploy/prometheus");
    static final Pattern METRIC = Pattern.compile("schemagate_[a-z_]+");

    @Test
    void alertRulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        Promtool.Result check = Promtool.run(
                null, "check", "rules", DEPLOY.resolve("alerts.yml").toString());
        assertThat(check.exit()).as(String.join("\n", check.lines())).isZero();
        assertThat(check.lines()).contains("  SUCCESS: 4 rules found");
        Promtool.Result test = Promtool.run(
                null, "test", "rules", DEPLOY.resolve("alerts_test.yml").toString());
        assertThat(test.exit()).as(String.join("\n", test.lines())).isZero();
        assertThat(test.lines()).contains("  SUCCESS");
    }

    @Test
    void theScrapeConfigIsValidAndTargetsTheDefaultAddress() throws Exception {
        Promtool.Result check = Promtool.run(
                null, "check", "config", DEPLOY.resolve("prometheus.yml").toString());
        assertThat(check.exit()).as(String.join("\n", check.lines())).isZero();
        String config = Files.readString(DEPLOY.resolve("prometheus.yml"));
        assertThat(config).contains("job_name: schemagate").contains("\"127.0.0.1:9464\"");
        assertThat(MetricsAddress.DEFAULT.getPort()).isEqualTo(9464);
    }

    @Test
    void everyAlertIsTestedAndUsesOnlyExportedNames() throws Exception {
        String rules = Files.readString(DEPLOY.resolve("alerts.yml"));
        List<String> alerts = all(Pattern.compile("- alert: (\\w+)"), rules);
        assertThat(alerts)
                .containsExactly(
                        "SchemagateMigrationFailed",
                        "SchemagateLockWaitTooLong",
                        "SchemagateAgentsWaitingTooLong",
                        "SchemagateDaemonDown");
        String tests = Files.readString(DEPLOY.resolve("alerts_test.yml"));
        for (String alert : alerts) {
            assertThat(tests).as(alert).contains("alertname: " + alert);
        }
        for (String line :
                rules.lines().filter(l -> l.trim().startsWith("expr:")).toList()) {
            assertThat(exported(line)).as(line).isTrue();
        }
        assertThat(rules)
                .contains("schemagate_state{state=\"FAILED\"}")
                .contains("schemagate_state{state=\"LOCKING\"}")
                .contains("schemagate_agents_waiting");
        assertThat(rules.lines().filter(l -> l.contains("runbook:")).count()).isEqualTo(4);
    }

    @Test
    void theDashboardParsesAndQueriesOnlyExportedNames() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(DEPLOY.resolve("grafana-dashboard.json").toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("schemagate");
        List<String> exprs = new ArrayList<>();
        dashboard
                .get("panels")
                .forEach(p ->
                        p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        exprs.add(dashboard.at("/templating/list/1/definition").asText());
        Set<String> used = new TreeSet<>();
        for (String expr : exprs) {
            assertThat(exported(expr)).as(expr).isTrue();
            used.addAll(all(METRIC, expr));
        }
        assertThat(String.join(" ", used))
                .contains(
                        MetricNames.STATE,
                        MetricNames.SCHEMA_VERSION,
                        MetricNames.MIGRATIONS_PENDING,
                        MetricNames.MIGRATION_DURATION,
                        MetricNames.LOCK_WAIT,
                        MetricNames.AGENTS_WAITING,
                        MetricNames.REJECTED_CONNECTIONS,
                        MetricNames.SNAPSHOT_BYTES,
                        MetricNames.SNAPSHOT_DURATION);
        assertThat(dashboard.get("panels")).hasSize(9);
    }

    /** True when every schemagate_ name in {@code text} is in MetricNames, or a histogram's series of one. */
    static boolean exported(String text) {
        for (String name : all(METRIC, text)) {
            boolean known = MetricNames.SCHEMAGATE.contains(name)
                    || MetricNames.HISTOGRAMS.stream()
                            .anyMatch(h -> List.of("_bucket", "_count", "_sum", "_max").stream()
                                    .anyMatch(s -> name.equals(h + s)));
            if (!known) {
                return false;
            }
        }
        return true;
    }

    static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return found;
    }
}
