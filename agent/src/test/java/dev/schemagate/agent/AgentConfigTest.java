package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Option sources, precedence and the messages for bad values. */
class AgentConfigTest {

    private final Properties props = new Properties();
    private final Map<String, String> env = new HashMap<>();

    private AgentConfig parse(String args) throws ConfigException {
        return AgentConfig.parse(args, props, env, "com.example.Orders --port 8080");
    }

    private String problem(String args) {
        try {
            parse(args);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException for " + args);
    }

    @Test
    void argumentAloneWithDefaults() throws Exception {
        AgentConfig c = parse("socket=/run/schemagate/s.sock");

        assertThat(c.gate().socket()).isEqualTo(Path.of("/run/schemagate/s.sock"));
        assertThat(c.gate().timeoutMillis()).isEqualTo(120_000L);
        assertThat(c.gate().requires()).isNull();
        assertThat(c.gate().app()).isEqualTo("com.example.Orders");
        assertThat(c.gate().label()).isEqualTo("schemagate-agent");
        assertThat(c.continueOnFailure()).isFalse();
    }

    @Test
    void everyKeyFromTheArgument() throws Exception {
        AgentConfig c = parse("socket=/s.sock,timeout=500ms,requires=5.2,app=orders api,onFailure=continue");

        assertThat(c.gate().timeoutMillis()).isEqualTo(500L);
        assertThat(c.gate().requires()).isEqualTo("5.2");
        assertThat(c.gate().app()).isEqualTo("orders api");
        assertThat(c.continueOnFailure()).isTrue();
    }

    @Test
    void argumentBeatsPropertyBeatsEnvironment() throws Exception {
        env.put("SCHEMAGATE_SOCKET", "/env.sock");
        env.put("SCHEMAGATE_TIMEOUT", "3m");
        env.put("SCHEMAGATE_REQUIRES", "7");
        env.put("SCHEMAGATE_APP", "env-app");
        env.put("SCHEMAGATE_ON_FAILURE", "continue");
        props.setProperty("schemagate.socket", "/prop.sock");
        props.setProperty("schemagate.timeout", "2m");
        props.setProperty("schemagate.app", "prop-app");

        AgentConfig c = parse("socket=/arg.sock");

        assertThat(c.gate().socket()).isEqualTo(Path.of("/arg.sock"));
        assertThat(c.gate().timeoutMillis()).isEqualTo(120_000L);
        assertThat(c.gate().app()).isEqualTo("prop-app");
        assertThat(c.gate().requires()).isEqualTo("7");
        assertThat(c.continueOnFailure()).isTrue();
    }

    @Test
    void environmentAlone() throws Exception {
        env.put("SCHEMAGATE_SOCKET", "/env.sock");
        env.put("SCHEMAGATE_TIMEOUT", "30s");
        env.put("SCHEMAGATE_ON_FAILURE", "exit");

        AgentConfig c = parse(null);

        assertThat(c.gate().socket()).isEqualTo(Path.of("/env.sock"));
        assertThat(c.gate().timeoutMillis()).isEqualTo(30_000L);
        assertThat(c.continueOnFailure()).isFalse();
    }

    @Test
    void unknownPropertiesAndVariablesAreLeftToTheDaemon() throws Exception {
        env.put("SCHEMAGATE_DB", "/var/lib/app.db");
        props.setProperty("schemagate.metrics", "off");

        assertThat(parse("socket=/s").gate().socket()).isEqualTo(Path.of("/s"));
    }

    @Test
    void missingSocket() {
        assertThat(problem(""))
                .isEqualTo(
                        "socket is not set: expected the daemon's socket path, as"
                                + " -javaagent:schemagate-agent.jar=socket=PATH, -Dschemagate.socket=PATH or SCHEMAGATE_SOCKET=PATH");
    }

    @Test
    void badDurationNamesItsSource() {
        assertThat(problem("socket=/s,timeout=10"))
                .isEqualTo("timeout=10 (agent argument) is not valid:"
                        + " expected a positive duration with a unit, such as 500ms, 30s or 2m");
        props.setProperty("schemagate.timeout", "0s");
        assertThat(problem("socket=/s"))
                .isEqualTo("-Dschemagate.timeout=0s is not valid:"
                        + " expected a positive duration with a unit, such as 500ms, 30s or 2m");
        props.clear();
        env.put("SCHEMAGATE_TIMEOUT", "1.5s");
        assertThat(problem("socket=/s"))
                .isEqualTo("SCHEMAGATE_TIMEOUT=1.5s is not valid:"
                        + " expected a positive duration with a unit, such as 500ms, 30s or 2m");
    }

    @Test
    void badOnFailure() {
        env.put("SCHEMAGATE_ON_FAILURE", "ignore");
        assertThat(problem("socket=/s"))
                .isEqualTo("SCHEMAGATE_ON_FAILURE=ignore is not valid: expected exit or continue");
    }

    @Test
    void badRequires() {
        assertThat(problem("socket=/s,requires=v5"))
                .isEqualTo("requires=v5 (agent argument) is not valid:"
                        + " expected a schema version: numbers separated by '.' or '_', such as 5 or 5.2");
        assertThat(problem("socket=/s,requires=5.")).startsWith("requires=5. (agent argument) is not valid");
        assertThat(problem("socket=/s,requires=")).startsWith("requires= (agent argument) is not valid");
    }

    @Test
    void versionsThatAreFine() throws Exception {
        assertThat(parse("socket=/s,requires=20240101_1").gate().requires()).isEqualTo("20240101_1");
        assertThat(parse("socket=/s,requires=1.10.3").gate().requires()).isEqualTo("1.10.3");
    }

    @Test
    void unknownKeyDuplicateKeyAndBareWord() {
        assertThat(problem("socket=/s,timout=5s"))
                .isEqualTo("unknown option 'timout' in the agent argument:"
                        + " expected one of socket, timeout, requires, app, onFailure, skip, gate");
        assertThat(problem("socket=/s,socket=/t")).isEqualTo("option socket is given twice in the agent argument");
        assertThat(problem("/run/s.sock")).startsWith("agent argument item '/run/s.sock' is not key=value:");
    }

    @Test
    void skipAndGatePatterns() throws Exception {
        assertThat(parse("socket=/s,skip=org.gradle.*;com.example.Tool,gate=com.example.Orders")
                        .gate()
                        .socket())
                .isEqualTo(Path.of("/s"));
        assertThat(problem("socket=/s,skip=a;;b"))
                .isEqualTo("skip=a;;b (agent argument) is not valid: expected main class or jar patterns separated"
                        + " by ';', none empty, such as org.gradle.*;com.example.Tool (',' separates the agent's"
                        + " options)");
        env.put("SCHEMAGATE_GATE", "");
        assertThat(problem("socket=/s")).startsWith("SCHEMAGATE_GATE= is not valid: expected main class or jar");
    }

    @Test
    void aCommaBetweenPatternsIsExplained() {
        assertThat(problem("socket=/s,skip=org.gradle.*,com.example.Tool"))
                .endsWith("(patterns in skip= and gate= are separated by ';')");
    }

    @Test
    void lookUpReadsOneRawValueWithoutValidating() {
        props.setProperty("schemagate.gate", "from-prop");
        env.put("SCHEMAGATE_SKIP", "from-env");

        assertThat(AgentConfig.lookUp("skip", "x,socket=/s, skip =a;b,skip=second", props, env))
                .isEqualTo("a;b");
        assertThat(AgentConfig.lookUp("skip", "socket=/s", props, env)).isEqualTo("from-env");
        assertThat(AgentConfig.lookUp("gate", "socket=/s", props, env)).isEqualTo("from-prop");
        assertThat(AgentConfig.lookUp("gate", null, new Properties(), env)).isNull();
    }

    @Test
    void everyProblemIsListedOnOneLine() {
        String message = problem("timeout=x,onFailure=maybe,colour=red");

        assertThat(message).doesNotContain("\n");
        assertThat(message.split("; (?=[a-zA-Z-]+[ =])")).hasSize(4);
        assertThat(message).contains("unknown option 'colour'", "timeout=x", "onFailure=maybe", "socket is not set");
    }

    @Test
    void socketPathLongerThanTheUnixLimit() {
        String path = "/" + "a".repeat(107);
        assertThat(problem("socket=" + path))
                .isEqualTo("socket=" + path + " (agent argument) is not valid:"
                        + " expected a socket path of 1 to 107 bytes (the Unix socket limit), was 108");
    }

    @Test
    void emptyAppIsAnError() {
        assertThat(problem("socket=/s,app="))
                .isEqualTo("app= (agent argument) is not valid:" + " expected a name of 1 to 200 characters");
    }

    @Test
    void defaultAppName() {
        assertThat(AgentConfig.defaultApp("com.example.Orders --port 8080")).isEqualTo("com.example.Orders");
        assertThat(AgentConfig.defaultApp("/opt/orders/orders.jar --port 8080")).isEqualTo("orders.jar");
        assertThat(AgentConfig.defaultApp("orders/com.example.Main")).isEqualTo("com.example.Main");
        assertThat(AgentConfig.defaultApp("")).isEqualTo("java");
        assertThat(AgentConfig.defaultApp(null)).isEqualTo("java");
    }

    @Test
    void badValuesNeverFallBackToLowerSources() {
        // A bad argument value is reported even though the environment has a good one.
        env.put("SCHEMAGATE_TIMEOUT", "30s");
        assertThatThrownBy(() -> parse("socket=/s,timeout=forever"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("timeout=forever (agent argument) is not valid");
    }
}
