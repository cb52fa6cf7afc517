package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How sun.java.command is split into the program and its arguments. */
class LaunchCommandTest {

    @Test
    void mainClassWithArguments() {
        LaunchCommand c = LaunchCommand.parse("org.apache.catalina.startup.Bootstrap  -config x.xml stop");

        assertThat(c.main()).isEqualTo("org.apache.catalina.startup.Bootstrap");
        assertThat(c.module()).isNull();
        assertThat(c.isJar()).isFalse();
        assertThat(c.lastArg()).isEqualTo("stop");
        assertThat(c.text()).isEqualTo("org.apache.catalina.startup.Bootstrap -config x.xml stop");
    }

    @Test
    void moduleAndClass() {
        LaunchCommand c = LaunchCommand.parse("jdk.jcmd/sun.tools.jcmd.JCmd -l");

        assertThat(c.module()).isEqualTo("jdk.jcmd");
        assertThat(c.main()).isEqualTo("sun.tools.jcmd.JCmd");
    }

    @Test
    void jarPathGivesTheFileName() {
        LaunchCommand c = LaunchCommand.parse("/opt/jetty-home/start.jar --add-modules=http,deploy");

        assertThat(c.isJar()).isTrue();
        assertThat(c.module()).isNull();
        assertThat(c.main()).isEqualTo("start.jar");
        assertThat(c.hasOption("--add-modules")).isTrue();
        assertThat(c.hasOption("--add-module")).isFalse();
        assertThat(c.hasOption("--add")).isFalse();
    }

    @Test
    void sourceFileLauncherRunsTheUsersProgram() {
        // JDK 17 and JDK 25 name the launcher differently; both were read off java -XshowSettings.
        for (String launcher : new String[] {
            "jdk.compiler/com.sun.tools.javac.launcher.Main", "jdk.compiler/com.sun.tools.javac.launcher.SourceLauncher"
        }) {
            LaunchCommand c = LaunchCommand.parse(launcher + " /srv/Worker.java --port 1");

            assertThat(c.main()).isEqualTo("Worker.java");
            assertThat(c.module()).isNull();
            assertThat(c.text()).isEqualTo("Worker.java --port 1");
        }
    }

    @Test
    void firstOperandSkipsOptionsAndTheirValues() {
        LaunchCommand c = LaunchCommand.parse(
                "/opt/wildfly/jboss-modules.jar -javaagent:/opt/a.jar=socket=/s -mp /opt/wildfly/modules org.jboss.as.cli"
                        + " --connect");

        assertThat(c.firstOperand(new String[] {"-mp"})).isEqualTo("org.jboss.as.cli");
        assertThat(LaunchCommand.parse("x.jar -mp").firstOperand(new String[] {"-mp"}))
                .isNull();
    }

    @Test
    void emptyOrMissing() {
        for (String command : new String[] {null, "", "   "}) {
            LaunchCommand c = LaunchCommand.parse(command);
            assertThat(c.main()).isEmpty();
            assertThat(c.lastArg()).isNull();
            assertThat(c.isJar()).isFalse();
            assertThat(c.text()).isEmpty();
        }
    }
}
