package dev.schemagate.daemon.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one command: {@code --name value}, {@code --name=value} and bare {@code --flag}.
 *
 * <p>Unknown options, repeated options and stray words are usage errors, never silently ignored.
 */
final class Arguments {
    private final Map<String, String> values;

    private Arguments(Map<String, String> values) {
        this.values = values;
    }

    /** A command's words (such as a description or a file) apart from its options. */
    record WithWords(List<String> words, Arguments options) {}

    /**
     * Parses {@code args} that mix words with options: a word is anything that is neither an option nor the value
     * after an option that takes one.
     */
    static WithWords parseWithWords(List<String> args, Set<String> valueOptions, Set<String> flags) {
        List<String> words = new java.util.ArrayList<>();
        List<String> options = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                options.add(arg);
                if (!arg.contains("=") && !flags.contains(arg.substring(2)) && i + 1 < args.size()) {
                    options.add(args.get(++i));
                }
            } else {
                words.add(arg);
            }
        }
        return new WithWords(List.copyOf(words), parse(options, valueOptions, flags));
    }

    /** Parses {@code args} against the options that take a value and the flags that do not. */
    static Arguments parse(List<String> args, Set<String> valueOptions, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " is a flag and takes no value");
                }
                value = "true";
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new Arguments(values);
    }

    /** Every option given, in order, flags with the value "true". */
    Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(values);
    }

    String get(String name) {
        return values.get(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }
}
