package dev.schemagate.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration parser on any config file text, environment and flags: it yields a config or one
 * ConfigException listing problems, never any other exception. The metrics address is always {@code off} here:
 * any other host name would be looked up in DNS for every input (MetricsAddressTest covers its parsing).
 */
class ConfigFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest
    void anyInputGivesAConfigOrAListOfProblems(FuzzedDataProvider data) throws IOException {
        Map<String, String> env = new HashMap<>();
        Map<String, String> flags = new HashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (key != ConfigKey.METRICS && data.consumeBoolean()) {
                if (data.consumeBoolean()) {
                    env.put(key.env(), data.consumeString(40));
                } else {
                    flags.put(key.flag(), data.consumeString(40));
                }
            }
        }
        env.put(ConfigKey.METRICS.env(), "off");
        boolean needsSocket = data.consumeBoolean();
        Files.writeString(FILE, data.consumeRemainingAsString(), StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        try {
            SchemagateConfig config =
                    ConfigBinder.bind(ConfigSources.collect(FILE, env, flags, problems), needsSocket, problems);
            assertThat(config).isNotNull();
            assertThat(problems).isEmpty();
        } catch (ConfigException e) {
            String message = e.getMessage();
            assertThat(message)
                    .startsWith("schemagate: invalid configuration (")
                    .endsWith("\nAction: correct the values above; nothing was changed.");
            assertThat(message.split("\n  - ", -1))
                    .allSatisfy(part -> assertThat(part).isNotBlank());
        }
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("schemagate-config-fuzz-", ".yaml");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
