package dev.schemagate.daemon.config;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.util.List;

/** Bad settings: every problem at once, each naming the key, the value and what was expected; exit 78. */
public final class ConfigException extends SchemagateException {
    public ConfigException(List<String> problems) {
        super(ExitCodes.CONFIG, format(problems));
    }

    private static String format(List<String> problems) {
        StringBuilder sb = new StringBuilder("schemagate: invalid configuration (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems")
                .append("):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.append("\nAction: correct the values above; nothing was changed.")
                .toString();
    }
}
