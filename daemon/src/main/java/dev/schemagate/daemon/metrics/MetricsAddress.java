package dev.schemagate.daemon.metrics;

import dev.schemagate.protocol.AsciiDigits;
import java.net.InetSocketAddress;
import java.util.Optional;

/** Parses the metrics listen address: {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code off}. */
public final class MetricsAddress {
    /** Where metrics are served unless configured otherwise: loopback only, Prometheus' exporter port range. */
    public static final InetSocketAddress DEFAULT = new InetSocketAddress("127.0.0.1", 9464);

    public static final String OFF = "off";
    static final String EXPECTED = "expected HOST:PORT (such as 127.0.0.1:9464 or [::1]:9464, port 0 to 65535) or off";

    private MetricsAddress() {}

    /**
     * The address, or empty for {@code off}; a bad value throws IllegalArgumentException whose message says what is
     * expected (the caller prefixes the key and the value, and collects it with the other problems).
     */
    public static Optional<InetSocketAddress> parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase(OFF)) {
            return Optional.empty();
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(EXPECTED + "; write an IPv6 address in brackets");
        }
        int port;
        try {
            port = AsciiDigits.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EXPECTED);
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException(EXPECTED);
        }
        return Optional.of(new InetSocketAddress(host, port));
    }
}
