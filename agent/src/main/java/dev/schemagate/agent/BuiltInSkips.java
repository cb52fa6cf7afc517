package dev.schemagate.agent;

import java.util.Map;
import java.util.Properties;

/**
 * The JVMs that reach the agent through {@code JAVA_OPTS} or {@code JAVA_TOOL_OPTIONS} but serve nothing, so
 * they must not wait for the schema: JDK tools, build tools, and the helper commands of application servers.
 *
 * <p>Decided from the main class, jar and arguments in {@code sun.java.command}, as OpenTelemetry's and
 * Elastic's Java agents decide which JVMs to leave alone (see {@link JdkTools}). Each rule names a launcher
 * whose main class or arguments say it is not the server: a wrong skip would let a server start unmigrated, so
 * the rules are narrow, and the user's {@code gate=} overrides them (see {@link JvmSelector}).
 */
final class BuiltInSkips {

    // Tomcat's catalina.sh passes JAVA_OPTS to every command; Bootstrap takes the command as its LAST argument.
    private static final String TOMCAT_BOOTSTRAP = "org.apache.catalina.startup.Bootstrap";
    private static final String[] TOMCAT_COMMANDS_THAT_DO_NOT_SERVE = {"stop", "stopd", "configtest", "version"};

    /** Main classes that never serve: build tools and server helper commands. */
    private static final String[] MAIN_CLASSES = {
        // catalina.sh version; digest.sh and tool-wrapper.sh
        "org.apache.catalina.util.ServerInfo",
        "org.apache.catalina.startup.Tool",
        // mvn and mvnw (the wrapper's jar mode); the only-script mvnw runs mvn itself
        "org.codehaus.plexus.classworlds.launcher.Launcher",
        "org.apache.maven.wrapper.MavenWrapperMain",
        // gradlew, the gradle client, the Gradle daemon
        "org.gradle.wrapper.GradleWrapperMain",
        "org.gradle.launcher.GradleMain",
        "org.gradle.launcher.daemon.bootstrap.GradleDaemon",
    };

    /** WildFly: {@code java -jar jboss-modules.jar -mp DIR MODULE}; these modules are not the server. */
    private static final String JBOSS_MODULES_JAR = "jboss-modules.jar";

    private static final String[] JBOSS_MODULES_OPTIONS_WITH_VALUE = {"-mp", "-modulepath", "-jaxpmodule", "-dep"};
    private static final String[] JBOSS_MODULES_THAT_DO_NOT_SERVE = {
        "org.jboss.as.cli", // jboss-cli.sh
        "org.jboss.as.domain-add-user", // add-user.sh
        "org.jboss.as.jdr", // jdr.sh
        "org.jboss.as.process-controller", // domain.sh: the servers are its grandchildren
        "org.jboss.as.host-controller",
    };

    /** Jars (file name patterns) that never serve: started with {@code java -jar}. */
    private static final String[] JARS = {
        "jboss-cli-client.jar", // WildFly's bin/client
        "maven-wrapper.jar",
        "gradle-wrapper.jar", // gradlew (Gradle 8.x wrappers start it with -jar)
        "gradle-launcher-*.jar",
        "gradle-gradle-cli-main-*.jar",
    };

    /** Jetty's start.jar with one of these runs no server (or, for --exec, forks the JVM that does). */
    private static final String JETTY_START_JAR = "start.jar";

    private static final String[] JETTY_OPTIONS_THAT_DO_NOT_SERVE = {
        "--dry-run",
        "--exec-print",
        "--stop",
        "--version",
        "--help",
        "--list-config",
        "--list-modules",
        "--list-classpath",
        "--add-modules",
        "--add-module",
        "--add-to-start",
        "--create-startd",
        "--write-module-graph",
    };
    private static final String JETTY_EXEC = "--exec";

    /** Spring Boot's launcher runs a jar mode (tools, layertools) instead of the application when this is set. */
    private static final String SPRING_BOOT_JARMODE = "jarmode";

    /**
     * The java launcher sets {@code sun.java.launcher} always and {@code sun.java.command} only when it runs a
     * program: without one it is {@code java -version}, {@code --list-modules} or {@code -XshowSettings}, which
     * Maven 3.9's mvn script runs on every build to probe {@code --enable-native-access} (with its output thrown
     * away, so a wait there is silent). A JVM created through JNI, such as Tomcat under jsvc, has neither
     * property and may well be a server.
     */
    private static final String JAVA_LAUNCHER = "SUN_STANDARD";

    private BuiltInSkips() {}

    /**
     * Why this JVM serves nothing, or null when it may be a server.
     *
     * @param agentArgs the agent argument, to tell whether a forked child inherits this agent
     * @param env the environment, for {@code JAVA_TOOL_OPTIONS}
     */
    static String reason(LaunchCommand command, Properties props, Map<String, String> env, String agentArgs) {
        if (command.main().isEmpty() && JAVA_LAUNCHER.equals(props.getProperty("sun.java.launcher"))) {
            return "the java launcher without a program (java -version)";
        }
        if (JdkTools.isJdkTool(command)) {
            return "a JDK tool";
        }
        String main = command.main();
        if (LaunchCommand.contains(MAIN_CLASSES, main) || (command.isJar() && JvmSelector.anyMatches(JARS, main))) {
            return "a build tool or server command (" + main + ")";
        }
        if (TOMCAT_BOOTSTRAP.equals(main)
                && command.lastArg() != null
                && LaunchCommand.contains(TOMCAT_COMMANDS_THAT_DO_NOT_SERVE, command.lastArg())) {
            return "Tomcat's " + command.lastArg() + " command";
        }
        if (command.isJar() && JBOSS_MODULES_JAR.equals(main)) {
            String module = command.firstOperand(JBOSS_MODULES_OPTIONS_WITH_VALUE);
            if (module != null && LaunchCommand.contains(JBOSS_MODULES_THAT_DO_NOT_SERVE, module)) {
                return "WildFly's " + module;
            }
        }
        if (command.isJar() && JETTY_START_JAR.equals(main)) {
            for (String option : JETTY_OPTIONS_THAT_DO_NOT_SERVE) {
                if (command.hasOption(option)) {
                    return "Jetty's start.jar " + option;
                }
            }
            if (command.hasOption(JETTY_EXEC) && childInheritsTheAgent(env, agentArgs)) {
                return "Jetty's start.jar --exec parent (the forked server JVM waits)";
            }
        }
        String jarmode = props.getProperty(SPRING_BOOT_JARMODE);
        if (jarmode != null && !jarmode.isEmpty()) {
            return "Spring Boot's jarmode " + jarmode;
        }
        return null;
    }

    /**
     * Whether a child JVM forked by this one gets this agent too: only through {@code JAVA_TOOL_OPTIONS}, which
     * the child inherits (a {@code -javaagent} on the parent's command line does not reach it, and then the
     * parent must wait, or nothing would).
     */
    private static boolean childInheritsTheAgent(Map<String, String> env, String agentArgs) {
        String toolOptions = env.get("JAVA_TOOL_OPTIONS");
        if (toolOptions == null || toolOptions.indexOf("-javaagent:") < 0) {
            return false;
        }
        return agentArgs == null || agentArgs.isEmpty() || toolOptions.indexOf(agentArgs) >= 0;
    }
}
