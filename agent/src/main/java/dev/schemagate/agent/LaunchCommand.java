package dev.schemagate.agent;

/**
 * The {@code sun.java.command} property split into the program a JVM runs and its arguments: what the agent
 * decides on, since premain runs before any application code.
 *
 * <p>The launcher writes the property as the main class, {@code module/mainclass} or the jar path as given,
 * then the arguments joined by single spaces; an argument with a space in it cannot be told apart, which the
 * rules here accept (they look at whole words such as {@code stop} or {@code --dry-run}).
 */
final class LaunchCommand {

    /** The JDK's source-file launcher (JDK 11-21 and JDK 22+): {@code java App.java} runs the user's program. */
    private static final String[] SOURCE_LAUNCHERS = {
        "com.sun.tools.javac.launcher.Main", "com.sun.tools.javac.launcher.SourceLauncher"
    };

    private static final String[] NO_ARGS = {};

    private final String module;
    private final String main;
    private final boolean jar;
    private final String[] args;

    private LaunchCommand(String module, String main, boolean jar, String[] args) {
        this.module = module;
        this.main = main;
        this.jar = jar;
        this.args = args;
    }

    /** Splits {@code javaCommand}; null or blank (a JVM created through JNI, such as jsvc) gives an empty main. */
    static LaunchCommand parse(String javaCommand) {
        String[] words = words(javaCommand == null ? "" : javaCommand);
        if (words.length == 0) {
            return new LaunchCommand(null, "", false, NO_ARGS);
        }
        String first = words[0];
        String[] args = rest(words, 1);
        boolean jar = first.endsWith(".jar");
        String module = null;
        String main = first.substring(first.lastIndexOf('/') + 1);
        if (!jar && first.indexOf('/') > 0) {
            module = first.substring(0, first.indexOf('/'));
        }
        if (!jar && isSourceLauncher(main) && args.length > 0) {
            // java App.java: the program is the source file, not the JDK's launcher class.
            String source = args[0];
            return new LaunchCommand(null, source.substring(source.lastIndexOf('/') + 1), false, rest(args, 1));
        }
        return new LaunchCommand(module, main, jar, args);
    }

    /** The main class without its module, the jar's file name, or the source file's name; empty when unknown. */
    String main() {
        return main;
    }

    /** The named module of the main class ({@code jdk.jcmd}), or null. */
    String module() {
        return module;
    }

    /** True for {@code java -jar FILE.jar}. */
    boolean isJar() {
        return jar;
    }

    /** The last argument, or null when there is none. */
    String lastArg() {
        return args.length == 0 ? null : args[args.length - 1];
    }

    /**
     * The first argument that is not an option and not the value of one of {@code optionsWithValue}
     * ({@code -mp DIR org.jboss.as.cli} gives {@code org.jboss.as.cli}), or null.
     */
    String firstOperand(String[] optionsWithValue) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (contains(optionsWithValue, a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** Whether an argument is {@code option} or {@code option=VALUE}. */
    boolean hasOption(String option) {
        for (String a : args) {
            if (a.equals(option) || (a.startsWith(option) && a.charAt(option.length()) == '=')) {
                return true;
            }
        }
        return false;
    }

    /** {@code main} and the arguments, single-spaced: what a user's glob with a space in it is matched against. */
    String text() {
        StringBuilder sb = new StringBuilder(main);
        for (String a : args) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    static boolean contains(String[] values, String value) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSourceLauncher(String main) {
        return contains(SOURCE_LAUNCHERS, main);
    }

    private static String[] rest(String[] words, int from) {
        if (from >= words.length) {
            return NO_ARGS;
        }
        String[] rest = new String[words.length - from];
        System.arraycopy(words, from, rest, 0, rest.length);
        return rest;
    }

    /** Splits on runs of spaces without java.util.regex (premain keeps its class loading small). */
    private static String[] words(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ' ' && (i == 0 || s.charAt(i - 1) == ' ')) {
                count++;
            }
        }
        String[] words = new String[count];
        int n = 0;
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean space = i == s.length() || s.charAt(i) == ' ';
            if (space && start >= 0) {
                words[n++] = s.substring(start, i);
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }
}
