package dev.schemagate.daemon.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The socket server's settings.
 *
 * @param socket         the Unix domain socket path agents connect to
 * @param maxConnections clients served at once; more are told TOO_MANY_CONNECTIONS and closed
 * @param helloTimeout   how long a new client may take to send its HELLO line
 * @param allow          who may connect, by peer credentials ({@link AllowList#ANYONE}: whom the file mode lets in)
 */
public record ServerSettings(Path socket, int maxConnections, Duration helloTimeout, AllowList allow) {
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_HELLO_TIMEOUT = Duration.ofSeconds(5);

    /** Settings without an allow-list. */
    public ServerSettings(Path socket, int maxConnections, Duration helloTimeout) {
        this(socket, maxConnections, helloTimeout, AllowList.ANYONE);
    }
}
