package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's argument parser on any agent argument, system properties, environment and {@code sun.java.command}:
 * a valid config or one ConfigException naming the problems, never another exception (premain would turn it into
 * an "internal error" instead of a clear line). Duration text parses back from its own format.
 */
class AgentConfigFuzzTest {
    @FuzzTest
    void anyInputGivesAConfigOrOneClearError(FuzzedDataProvider data) {
        Properties props = new Properties();
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < AgentConfig.KEYS.length; i++) {
            if (data.consumeBoolean()) {
                props.setProperty("schemagate." + AgentConfig.KEYS[i], data.consumeString(30));
            }
            if (data.consumeBoolean()) {
                env.put(AgentConfig.ENV_NAMES[i], data.consumeString(30));
            }
        }
        String javaCommand = data.consumeBoolean() ? data.consumeString(60) : null;
        String args = data.consumeBoolean() ? data.consumeRemainingAsString() : null;
        AgentConfig config;
        try {
            config = AgentConfig.parse(args, props, env, javaCommand);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        GateOptions gate = config.gate();
        assertThat(gate.socket()).isNotNull();
        assertThat(gate.timeoutMillis()).isPositive();
        assertThat(gate.app()).isNotEmpty().hasSizeLessThanOrEqualTo(200);
        String again = DurationText.format(gate.timeoutMillis());
        assertThat(DurationText.parseMillis(again)).isEqualTo(gate.timeoutMillis());
    }
}
