package dev.schemagate.daemon.config;

import dev.schemagate.daemon.lock.LockSettings;
import dev.schemagate.daemon.metrics.MetricsAddress;
import dev.schemagate.daemon.migrate.MigrateSettings;
import dev.schemagate.daemon.migrate.SnapshotSettings;
import dev.schemagate.daemon.server.AllowList;
import dev.schemagate.protocol.AsciiDigits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.logging.Level;

/**
 * Turns raw settings into a {@link SchemagateConfig}: every value parsed and checked, every problem collected,
 * then one {@link ConfigException} (exit 78) listing them all. A bad value never becomes a default.
 */
public final class ConfigBinder {
    private static final int MAX_SOCKET_PATH_BYTES = 107; // sockaddr_un.sun_path minus the terminating NUL

    private final Map<ConfigKey, ConfigValue> values;
    private final List<String> problems;

    private ConfigBinder(Map<ConfigKey, ConfigValue> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    /**
     * @param needsSocket whether the command requires {@code socket} (daemon, wait)
     * @param problems    problems found while collecting (e.g. an unreadable file); reported together with these
     */
    public static SchemagateConfig bind(
            Map<ConfigKey, ConfigValue> values, boolean needsSocket, List<String> problems) {
        return new ConfigBinder(values, new ArrayList<>(problems)).bind(needsSocket);
    }

    private SchemagateConfig bind(boolean needsSocket) {
        Path db = path(ConfigKey.DB, true);
        Path migrations = path(ConfigKey.MIGRATIONS, true);
        Path socket = path(ConfigKey.SOCKET, needsSocket);
        Duration busy = duration(ConfigKey.LOCK_BUSY_TIMEOUT);
        int retries = integer(ConfigKey.LOCK_RETRIES, 0, 1000);
        Duration backoff = duration(ConfigKey.LOCK_BACKOFF);
        Duration deadline = duration(ConfigKey.LOCK_DEADLINE);
        boolean outOfOrder = bool(ConfigKey.ALLOW_OUT_OF_ORDER);
        Level level = level();
        int maxConnections = integer(ConfigKey.MAX_CONNECTIONS, 1, 1_000_000);
        Duration hello = duration(ConfigKey.HELLO_TIMEOUT);
        InetSocketAddress metrics = metrics(bool(ConfigKey.METRICS_PUBLIC));
        AllowList allow = new AllowList(
                ids(ConfigKey.ALLOW_USERS, IdResolver.Kind.USER), ids(ConfigKey.ALLOW_GROUPS, IdResolver.Kind.GROUP));
        Path snapshotDir = "off".equals(text(ConfigKey.SNAPSHOT_DIR)) ? null : path(ConfigKey.SNAPSHOT_DIR, false);
        int snapshotKeep = integer(ConfigKey.SNAPSHOT_KEEP, 1, 1000);
        if (db != null
                && db.toAbsolutePath().getParent() != null
                && !Files.isDirectory(db.toAbsolutePath().getParent())) {
            problems.add(describe(ConfigKey.DB) + ": its folder "
                    + db.toAbsolutePath().getParent() + " does not exist; expected a path in an existing folder");
        }
        if (socket != null
                && socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            problems.add(describe(ConfigKey.SOCKET) + ": expected an absolute path of at most " + MAX_SOCKET_PATH_BYTES
                    + " bytes (the kernel's limit for Unix socket addresses)");
        }
        LockSettings lock = null;
        if (problems.isEmpty()) {
            lock = new LockSettings(busy, retries, backoff, deadline);
            problems.addAll(lock.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new SchemagateConfig(
                new MigrateSettings(db, migrations, lock, outOfOrder),
                socket,
                metrics,
                level,
                maxConnections,
                hello,
                allow,
                snapshotDir == null ? SnapshotSettings.OFF : new SnapshotSettings(snapshotDir, snapshotKeep));
    }

    private String text(ConfigKey key) {
        ConfigValue v = values.get(key);
        return v != null ? v.text().trim() : key.defaultValue();
    }

    private String describe(ConfigKey key) {
        ConfigValue v = values.get(key);
        String origin = v != null ? v.origin() : key.key() + " (default)";
        return origin + " '" + visible(text(key)) + "'";
    }

    /** The value with control characters written as {@code \\uXXXX}, so that a NUL or ESC shows in the message. */
    private static String visible(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private Path path(ConfigKey key, boolean required) {
        String text = text(key);
        if (text == null || text.isEmpty()) {
            if (required) {
                problems.add(key.key() + " is required: set --" + key.flag() + ", " + key.env() + " or '" + key.key()
                        + ":' in the config file (" + key.meaning() + ")");
            }
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            // Only the config file can carry such a value (YAML's "\0"); argv and the environment cannot hold a NUL.
            problems.add(describe(key) + ": expected a file path (" + e.getReason() + ")");
            return null;
        }
    }

    private Duration duration(ConfigKey key) {
        Duration d = Durations.parseOrNull(text(key));
        if (d == null || d.isZero()) {
            problems.add(describe(key) + ": expected " + Durations.EXPECTED + " (above zero)");
            return Duration.ofMillis(1);
        }
        return d;
    }

    private int integer(ConfigKey key, int min, int max) {
        try {
            int n = AsciiDigits.parseInt(text(key));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        problems.add(describe(key) + ": expected a whole number from " + min + " to " + max);
        return min;
    }

    private boolean bool(ConfigKey key) {
        switch (text(key).toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(describe(key) + ": expected true or false");
                return false;
        }
    }

    private Level level() {
        switch (text(ConfigKey.LOG_LEVEL).toLowerCase(Locale.ROOT)) {
            case "debug":
                return Level.FINE;
            case "info":
                return Level.INFO;
            case "warn":
                return Level.WARNING;
            case "error":
                return Level.SEVERE;
            default:
                problems.add(describe(ConfigKey.LOG_LEVEL) + ": expected one of debug, info, warn, error");
                return Level.INFO;
        }
    }

    /**
     * The metrics address. The endpoints have no authentication and {@code /status} tells the schema version and
     * failure reasons, so an address other than loopback must be asked for twice: the address and
     * {@code metricsPublic}.
     */
    private InetSocketAddress metrics(boolean allowPublic) {
        InetSocketAddress address;
        try {
            address = MetricsAddress.parse(text(ConfigKey.METRICS)).orElse(null);
        } catch (IllegalArgumentException e) {
            problems.add(describe(ConfigKey.METRICS) + ": " + e.getMessage());
            return null;
        }
        boolean loopback = address == null
                || (address.getAddress() != null && address.getAddress().isLoopbackAddress());
        if (!loopback && !allowPublic) {
            problems.add(describe(ConfigKey.METRICS) + ": not a loopback address, so /metrics and /status (which"
                    + " have no authentication) would be open to the network; expected 127.0.0.1:PORT or"
                    + " [::1]:PORT, or say so explicitly with --" + ConfigKey.METRICS_PUBLIC.flag() + ", "
                    + ConfigKey.METRICS_PUBLIC.env() + "=true or '" + ConfigKey.METRICS_PUBLIC.key()
                    + ": true' in the config file");
        }
        return address;
    }

    /** A comma-separated list of names or numeric ids; every name that does not exist is a problem. */
    private Set<Integer> ids(ConfigKey key, IdResolver.Kind kind) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (String part : text(key).split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                if (!text(key).isBlank()) {
                    problems.add(describe(key) + ": an empty entry; expected "
                            + kind.name().toLowerCase(Locale.ROOT) + " names or ids separated by single commas");
                }
                continue;
            }
            OptionalInt id = IdResolver.resolve(kind, name);
            if (id.isPresent()) {
                ids.add(id.getAsInt());
            } else {
                problems.add(describe(key) + ": no " + kind.name().toLowerCase(Locale.ROOT) + " named '" + name
                        + "' on this host (getent " + kind.database + " " + name + " finds nothing); expected a "
                        + kind.name().toLowerCase(Locale.ROOT) + " name or a numeric id");
            }
        }
        return ids;
    }
}
