package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which sun.java.command values are JDK tools that the agent must not hold. */
class JdkToolsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdk.jcmd/sun.tools.jcmd.JCmd -l",
                "jdk.jcmd/sun.tools.jstack.JStack 4242",
                "jdk.jcmd/sun.tools.jmap.JMap -histo 4242",
                "jdk.jcmd/sun.tools.jinfo.JInfo 4242",
                "jdk.jcmd/sun.tools.jps.Jps",
                "jdk.jcmd/sun.tools.jstat.Jstat -gc 4242",
                "jdk.compiler/com.sun.tools.javac.Main Foo.java",
                "com.sun.tools.javac.Main",
                "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider",
                "jdk.jartool/sun.tools.jar.Main tf x.jar",
                "jdk.javadoc/jdk.javadoc.internal.tool.Main",
                "java.base/sun.security.tools.keytool.Main -list",
                "jdk.httpserver/sun.net.httpserver.simpleserver.Main", // jwebserver
                "jdk.jdeps/com.sun.tools.jnativescan.Main", // a JDK 24 tool that no list named
                "sun.tools.jcmd.JCmdX",
            })
    void recognisesTools(String command) {
        assertThat(JdkTools.isJdkTool(command)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "com.example.Orders",
                "/opt/app/orders.jar --port 1",
                "/opt/jdk.tools/sun.app.jar", // a jar is never a JDK tool, whatever its path
                "com.sun.enterprise.glassfish.bootstrap.ASMain", // com.sun. alone is not a JDK prefix
                "Main",
                "jdk.compiler/com.sun.tools.javac.launcher.Main Worker.java", // java Worker.java runs the user's code
                "orders/com.example.Main",
            })
    void leavesApplicationsAlone(String command) {
        assertThat(JdkTools.isJdkTool(command)).isFalse();
    }
}
