package dev.schemagate.agent;

/**
 * Recognises JDK tools that pick the agent up through {@code JAVA_TOOL_OPTIONS}: running {@code jcmd}
 * or {@code jstack} against a stuck worker must not itself wait for the schema.
 */
final class JdkTools {

    // Main classes of the JDK's launchers (JDK 17 and 25); the launcher reports them in sun.java.command.
    private static final String[] MAIN_CLASSES = {
        "sun.tools.jcmd.JCmd",
        "sun.tools.jstack.JStack",
        "sun.tools.jmap.JMap",
        "sun.tools.jinfo.JInfo",
        "sun.tools.jps.Jps",
        "sun.tools.jstat.Jstat",
        "sun.tools.jstatd.Jstatd",
        "sun.jvm.hotspot.SALauncher",
        "com.sun.tools.javac.Main",
        "com.sun.tools.javap.Main",
        "com.sun.tools.jdeps.Main",
        "com.sun.tools.jdeprscan.Main",
        "com.sun.tools.example.debug.tty.TTY",
        "jdk.internal.jshell.tool.JShellToolProvider",
        "sun.tools.jar.Main",
        "jdk.javadoc.internal.tool.Main",
        "sun.security.tools.keytool.Main",
        "sun.security.tools.jarsigner.Main",
        "jdk.jfr.internal.tool.Main",
        "jdk.tools.jlink.internal.Main",
        "jdk.tools.jmod.Main",
        "jdk.tools.jimage.Main",
        "jdk.jpackage.main.Main",
        "sun.tools.jconsole.JConsole",
        "sun.net.httpserver.simpleserver.Main",
        "sun.tools.serialver.SerialVer",
        "sun.rmi.registry.RegistryImpl",
        "com.sun.tools.script.shell.Main",
    };

    private JdkTools() {}

    /** Whether {@code javaCommand} (the {@code sun.java.command} property, may be null) starts a JDK tool. */
    static boolean isJdkTool(String javaCommand) {
        String main = mainName(javaCommand);
        for (String tool : MAIN_CLASSES) {
            if (tool.equals(main)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first word of {@code sun.java.command} without a module or directory prefix:
     * {@code jdk.jcmd/sun.tools.jcmd.JCmd} gives {@code sun.tools.jcmd.JCmd}, {@code /opt/app.jar} gives
     * {@code app.jar}; empty when unknown.
     */
    static String mainName(String javaCommand) {
        if (javaCommand == null) {
            return "";
        }
        String command = javaCommand.trim();
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        return first.substring(first.lastIndexOf('/') + 1);
    }
}
