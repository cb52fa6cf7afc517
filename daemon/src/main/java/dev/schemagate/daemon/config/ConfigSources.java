package dev.schemagate.daemon.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Collects raw settings from the config file, then the environment, then command-line flags (each overriding the
 * one before). Parses nothing: {@link ConfigBinder} turns the raw text into typed, validated settings.
 */
public final class ConfigSources {
    /** The environment variable that names a config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "SCHEMAGATE_CONFIG";

    private ConfigSources() {}

    /**
     * @param file  the config file, or null
     * @param env   the process environment (only {@code SCHEMAGATE_*} entries are read)
     * @param flags flag name (without dashes) to value, as given on the command line
     */
    public static Map<ConfigKey, ConfigValue> collect(
            Path file, Map<String, String> env, Map<String, String> flags, List<String> problems) {
        Map<ConfigKey, ConfigValue> values = new EnumMap<>(ConfigKey.class);
        if (file != null) {
            readFile(file, values, problems);
        }
        for (ConfigKey key : ConfigKey.values()) {
            String text = env.get(key.env());
            if (text != null) {
                values.put(key, new ConfigValue(text, key.env()));
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            ConfigKey key = ConfigKey.byFlag(flag.getKey());
            if (key != null) {
                values.put(key, new ConfigValue(flag.getValue(), "--" + flag.getKey()));
            }
        }
        return values;
    }

    private static void readFile(Path file, Map<ConfigKey, ConfigValue> values, List<String> problems) {
        JsonNode root;
        try {
            // YAML is a superset of JSON, so one parser reads both forms.
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            problems.add("config file " + file + ": not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ")"));
            return;
        } catch (IOException e) {
            problems.add("config file " + file + ": cannot be read (" + e + "); expected a readable YAML or JSON file");
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file sets nothing
        }
        if (!root.isObject()) {
            problems.add("config file " + file + ": expected a mapping of keys to values at the top level");
            return;
        }
        flatten(file, "", root, values, problems);
    }

    private static void flatten(
            Path file, String prefix, JsonNode node, Map<ConfigKey, ConfigValue> values, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            ConfigKey key = ConfigKey.byKey(name);
            if (value.isObject() && key == null) {
                flatten(file, name + ".", value, values, problems);
            } else if (key == null) {
                problems.add("config file " + file + ": unknown key '" + name + "'; expected one of " + knownKeys());
            } else if (value.isContainerNode() || value.isNull()) {
                problems.add(file.getFileName() + ": " + name + " '" + value + "': expected a single value");
            } else {
                values.put(key, new ConfigValue(value.asText(), file.getFileName() + ": " + name));
            }
        }
    }

    private static String knownKeys() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : ConfigKey.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.key());
        }
        return sb.toString();
    }
}
