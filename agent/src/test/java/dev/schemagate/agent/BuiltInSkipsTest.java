package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launchers that serve nothing, with sun.java.command as the servers' own scripts produce it (catalina.sh,
 * standalone.sh and jboss-cli.sh, mvn, gradlew, start.jar), and the look-alikes that do serve and must wait.
 */
class BuiltInSkipsTest {

    private final Properties props = new Properties();
    private final Map<String, String> env = new HashMap<>();

    private String reason(String javaCommand) {
        return BuiltInSkips.reason(LaunchCommand.parse(javaCommand), props, env, "socket=/run/s.sock");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.apache.catalina.startup.Bootstrap stop",
                "org.apache.catalina.startup.Bootstrap -config /x/server.xml stop",
                "org.apache.catalina.startup.Bootstrap stopd",
                "org.apache.catalina.startup.Bootstrap configtest",
                "org.apache.catalina.startup.Bootstrap version",
                "org.apache.catalina.util.ServerInfo",
                "org.apache.catalina.startup.Tool -server org.apache.catalina.realm.RealmBase -a sha-256 pw",
                "org.codehaus.plexus.classworlds.launcher.Launcher -B verify",
                "org.apache.maven.wrapper.MavenWrapperMain -v",
                "org.gradle.wrapper.GradleWrapperMain build",
                "org.gradle.launcher.GradleMain build",
                "org.gradle.launcher.daemon.bootstrap.GradleDaemon 8.14",
                "/src/app/gradle/wrapper/gradle-wrapper.jar build",
                "/opt/gradle/lib/gradle-launcher-8.5.jar build",
                "/opt/wildfly/jboss-modules.jar -mp /opt/wildfly/modules org.jboss.as.cli --connect",
                "/opt/wildfly/jboss-modules.jar -mp /opt/wildfly/modules org.jboss.as.domain-add-user",
                "/opt/wildfly/jboss-modules.jar -mp /opt/wildfly/modules org.jboss.as.process-controller -jboss-home"
                        + " /opt/wildfly",
                "/opt/wildfly/bin/client/jboss-cli-client.jar --connect",
                "/opt/jetty-home/start.jar --dry-run",
                "/opt/jetty-home/start.jar jetty.base=/srv/base --stop STOP.PORT=28282 STOP.KEY=secret",
                "/opt/jetty-home/start.jar --add-modules=http,deploy",
                "/opt/jetty-home/start.jar --list-config",
                "jdk.jcmd/sun.tools.jcmd.JCmd -l",
            })
    void serveNothing(String javaCommand) {
        assertThat(reason(javaCommand)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.apache.catalina.startup.Bootstrap start",
                "org.apache.catalina.startup.Bootstrap",
                "org.apache.catalina.startup.Bootstrap stop start", // Bootstrap acts on the last word only
                "/opt/wildfly/jboss-modules.jar -mp /opt/wildfly/modules org.jboss.as.standalone"
                        + " -Djboss.home.dir=/opt/wildfly",
                "/opt/wildfly/jboss-modules.jar -javaagent:/opt/schemagate-agent.jar -mp /opt/wildfly/modules"
                        + " org.jboss.as.standalone",
                "/opt/jetty-home/start.jar",
                "/opt/jetty-home/start.jar jetty.http.port=8080",
                "org.eclipse.jetty.xml.XmlConfiguration java.version=17 etc/jetty.xml", // the --exec child
                "/srv/orders/orders.jar --server.port=8080",
                "org.springframework.boot.loader.launch.JarLauncher",
                "org.apache.maven.surefire.booter.ForkedBooter /tmp/surefire 1", // tests may need the schema
                "worker.org.gradle.process.internal.worker.GradleWorkerMain 'Gradle Test Executor 1'",
                "com.example.Orders",
                "jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher Worker.java",
                "/opt/tools/maven-wrapper.jar.orig",
                "",
            })
    void mayServe(String javaCommand) {
        assertThat(reason(javaCommand)).isNull();
    }

    @Test
    void theJavaLauncherWithoutAProgramIsJavaVersion() {
        props.setProperty("sun.java.launcher", "SUN_STANDARD");
        assertThat(reason(null)).isEqualTo("the java launcher without a program (java -version)");
        assertThat(reason("")).isNotNull();
        assertThat(reason("com.example.Orders")).isNull();

        props.remove("sun.java.launcher");
        assertThat(reason(null))
                .as("a JVM created through JNI (jsvc) may be a server")
                .isNull();
    }

    @Test
    void tomcatNamesTheCommand() {
        assertThat(reason("org.apache.catalina.startup.Bootstrap stop")).isEqualTo("Tomcat's stop command");
    }

    @Test
    void springBootJarModeIsNotTheApplication() {
        props.setProperty("jarmode", "tools");
        assertThat(reason("/srv/orders.jar extract --destination out")).isEqualTo("Spring Boot's jarmode tools");
        props.setProperty("jarmode", "");
        assertThat(reason("/srv/orders.jar")).isNull();
    }

    @Test
    void jettyExecParentIsSkippedOnlyWhenTheChildInheritsTheAgent() {
        String parent = "/opt/jetty-home/start.jar --exec";
        // -javaagent on the parent's command line: the forked server JVM does not get it, so the parent waits.
        assertThat(reason(parent)).isNull();

        env.put("JAVA_TOOL_OPTIONS", "-Xmx1g -javaagent:/opt/otel.jar");
        assertThat(reason(parent)).as("another agent in JAVA_TOOL_OPTIONS").isNull();

        env.put("JAVA_TOOL_OPTIONS", "-javaagent:/opt/schemagate-agent.jar=socket=/run/s.sock -Xmx1g");
        assertThat(reason(parent)).isEqualTo("Jetty's start.jar --exec parent (the forked server JVM waits)");
        assertThat(BuiltInSkips.reason(LaunchCommand.parse(parent), props, env, null))
                .as("options from the environment: the agent is inherited")
                .isNotNull();
    }
}
