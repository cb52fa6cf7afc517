package dev.schemagate.daemon.config;

import java.util.Locale;

/**
 * Every setting, with its config-file key, environment variable, command-line flag, default and meaning.
 *
 * <p>Part of the contract: operators write these names in files, units and scripts. The README's configuration
 * table is checked against this list by a test.
 */
public enum ConfigKey {
    DB("db", null, "the SQLite database file (created if missing; its folder must exist)"),
    MIGRATIONS("migrations", null, "the folder of V<version>__<description>.sql / <digits>_<description>.sql files"),
    SOCKET("socket", null, "daemon, wait: the Unix socket agents connect to"),
    METRICS(
            "metrics",
            "127.0.0.1:9464",
            "daemon: HOST:PORT of the HTTP endpoint (/metrics, /healthz, /readyz, /status), or off"),
    LOCK_BUSY_TIMEOUT("lock.busyTimeout", "30s", "how long one lock attempt waits for a busy database"),
    LOCK_RETRIES("lock.retries", "10", "lock attempts after the first one (0-1000)"),
    LOCK_BACKOFF("lock.backoff", "100ms", "pause before the first retry; doubles for each retry, with jitter"),
    LOCK_DEADLINE(
            "lock.deadline",
            "120s",
            "the whole lock acquisition, busy waits included, never takes longer; a COMMIT that waits for readers"
                    + " gets the same budget again"),
    ALLOW_OUT_OF_ORDER("allowOutOfOrder", "false", "apply pending versions lower than the highest applied one"),
    LOG_LEVEL("logLevel", "info", "debug, info, warn or error"),
    MAX_CONNECTIONS("maxConnections", "10000", "daemon: clients served at once (1-1000000)"),
    HELLO_TIMEOUT("helloTimeout", "5s", "daemon: how long a new client may take to send its HELLO line"),
    ALLOW_USERS(
            "allowUsers",
            "",
            "daemon: users (names or uids, comma-separated) whose clients are served; empty: anyone the socket's"
                    + " mode lets in"),
    ALLOW_GROUPS(
            "allowGroups",
            "",
            "daemon: groups (names or gids, comma-separated) whose members' clients are served, supplementary"
                    + " groups included"),
    METRICS_PUBLIC(
            "metricsPublic",
            "false",
            "daemon: true lets metrics bind an address other than loopback (the endpoints have no authentication)"),
    SNAPSHOT_DIR(
            "snapshot.dir",
            "off",
            "migrate, daemon: folder for a copy of the database taken under the batch's write lock before each"
                    + " non-empty batch (the daemon's first run and every reload), or off; a batch whose copy fails"
                    + " does not run"),
    SNAPSHOT_KEEP("snapshot.keep", "5", "migrate, daemon: snapshots of this database kept in snapshot.dir (1-1000)");

    private final String key;
    private final String defaultValue;
    private final String meaning;

    ConfigKey(String key, String defaultValue, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The key in the config file; dots are nesting ({@code lock.retries} is {@code lock: {retries: ...}}). */
    public String key() {
        return key;
    }

    /** The environment variable: {@code lock.busyTimeout} becomes {@code SCHEMAGATE_LOCK_BUSY_TIMEOUT}. */
    public String env() {
        return "SCHEMAGATE_" + words('_').toUpperCase(Locale.ROOT);
    }

    /** The command-line flag: {@code lock.busyTimeout} becomes {@code lock-busy-timeout}. */
    public String flag() {
        return words('-');
    }

    /** The default as the user would type it, or null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** Finds a key by its config-file name, or null. */
    public static ConfigKey byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** Finds a key by its flag name (without the dashes), or null. */
    public static ConfigKey byFlag(String flag) {
        for (ConfigKey k : values()) {
            if (k.flag().equals(flag)) {
                return k;
            }
        }
        return null;
    }

    private String words(char separator) {
        StringBuilder sb = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (c == '.') {
                sb.append(separator);
            } else if (Character.isUpperCase(c)) {
                sb.append(separator).append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
