package dev.schemagate.daemon.cli;

import dev.schemagate.daemon.config.ConfigBinder;
import dev.schemagate.daemon.config.ConfigKey;
import dev.schemagate.daemon.config.ConfigSources;
import dev.schemagate.daemon.config.ConfigValue;
import dev.schemagate.daemon.config.SchemagateConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses a command's arguments and builds its configuration from {@code --config} file, environment and flags. */
final class CliConfig {
    static final String CONFIG_FLAG = "config";

    private CliConfig() {}

    /** Every option a configurable command accepts: one per setting, plus {@code --config} and {@code extraFlags}. */
    static Arguments parse(List<String> args, Set<String> extraFlags) {
        Set<String> valueOptions = new HashSet<>();
        Set<String> flags = new HashSet<>(extraFlags);
        valueOptions.add(CONFIG_FLAG);
        for (ConfigKey key : ConfigKey.values()) {
            if (key == ConfigKey.ALLOW_OUT_OF_ORDER || key == ConfigKey.METRICS_PUBLIC) {
                flags.add(key.flag());
            } else {
                valueOptions.add(key.flag());
            }
        }
        return Arguments.parse(args, valueOptions, flags);
    }

    /** Builds the validated configuration, or throws one exit-78 error listing every problem. */
    static SchemagateConfig load(Arguments args, Map<String, String> env, boolean needsSocket) {
        String file = args.get(CONFIG_FLAG);
        if (file == null) {
            file = env.get(ConfigSources.CONFIG_ENV);
        }
        List<String> problems = new ArrayList<>();
        Map<ConfigKey, ConfigValue> values =
                ConfigSources.collect(file == null ? null : Path.of(file), env, args.all(), problems);
        return ConfigBinder.bind(values, needsSocket, problems);
    }
}
