package dev.schemagate.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.metrics.MetricNames;
import dev.schemagate.daemon.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's tables are the user's contract: every setting and every metric must be in them, as named in code. */
class ReadmeTablesTest {
    static String readme() throws IOException {
        return Files.readString(RepoRoot.path().resolve("README.md"));
    }

    @Test
    void theConfigurationTableHasARowForEverySettingWithItsNamesAndDefault() throws IOException {
        String readme = readme();
        for (ConfigKey key : ConfigKey.values()) {
            String row = "| `" + key.key() + "` | `" + key.env() + "` | `--" + key.flag() + "` | "
                    + (key.defaultValue() == null
                            ? "(required"
                            : key.defaultValue().isEmpty() ? "(none) |" : key.defaultValue() + " |");
            assertThat(readme).as("README row for %s", key).contains(row);
        }
    }

    @Test
    void theMetricsTableNamesEveryMetric() throws IOException {
        String readme = readme();
        for (String name : MetricNames.SCHEMAGATE) {
            assertThat(readme).as("README metrics table").contains("| `" + name + "` |");
        }
    }
}
