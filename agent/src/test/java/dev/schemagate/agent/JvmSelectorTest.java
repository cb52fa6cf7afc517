package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The user's gate= and skip= patterns against the built-in rules, from every option source. */
class JvmSelectorTest {

    private final Properties props = new Properties();
    private final Map<String, String> env = new HashMap<>();

    private String skip(String javaCommand, String agentArgs) {
        return JvmSelector.skipReason(javaCommand, agentArgs, props, env);
    }

    @Test
    void anApplicationWaits() {
        assertThat(skip("com.example.Orders --port 8080", "socket=/s")).isNull();
        assertThat(skip(null, "socket=/s")).isNull();
    }

    @Test
    void skipExtendsTheBuiltInRules() {
        assertThat(skip("com.example.ReportTool --all", "socket=/s,skip=com.example.*Tool;other.jar"))
                .isEqualTo("skip=com.example.*Tool;other.jar matches com.example.ReportTool");
        assertThat(skip("/opt/other.jar", "socket=/s,skip=com.example.*Tool;other.jar"))
                .isNotNull();
        assertThat(skip("com.example.Orders", "socket=/s,skip=com.example.*Tool;other.jar"))
                .isNull();
    }

    @Test
    void aPatternWithASpaceMatchesTheArgumentsToo() {
        assertThat(skip("/srv/app.jar migrate --dry", "skip=app.jar migrate*")).isNotNull();
        assertThat(skip("/srv/app.jar serve", "skip=app.jar migrate*")).isNull();
    }

    @Test
    void gateOverridesTheBuiltInRulesAndSkip() {
        assertThat(skip("org.apache.catalina.startup.Bootstrap stop", "socket=/s"))
                .isNotNull();
        assertThat(skip("org.apache.catalina.startup.Bootstrap stop", "socket=/s,gate=org.apache.catalina.*"))
                .isNull();
        assertThat(skip("com.example.Orders", "skip=*,gate=com.example.Orders")).isNull();
        assertThat(skip("com.example.Billing", "skip=*,gate=com.example.Orders"))
                .as("skip=* with gate= is an allow-list")
                .isNotNull();
    }

    @Test
    void propertiesAndEnvironmentCountInTheUsualOrder() {
        env.put("SCHEMAGATE_SKIP", "com.example.*");
        assertThat(skip("com.example.Orders", "socket=/s")).isNotNull();
        props.setProperty("schemagate.skip", "org.other.*");
        assertThat(skip("com.example.Orders", "socket=/s"))
                .as("the property hides the variable")
                .isNull();
        env.put("SCHEMAGATE_GATE", "org.apache.catalina.startup.Bootstrap");
        assertThat(skip("org.apache.catalina.startup.Bootstrap stop", "socket=/s"))
                .isNull();
        assertThat(skip("org.apache.catalina.startup.Bootstrap stop", "socket=/s,gate=none"))
                .as("the argument hides the variable")
                .isNotNull();
    }

    @Test
    void brokenOptionsDoNotStopAToolFromBeingLetThrough() {
        assertThat(skip("jdk.jcmd/sun.tools.jcmd.JCmd -l", "timeout=soon,,=x,skip"))
                .isEqualTo("a JDK tool");
    }
}
