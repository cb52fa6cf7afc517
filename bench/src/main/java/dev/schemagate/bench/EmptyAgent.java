package dev.schemagate.bench;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * An agent whose premain does nothing: the floor of the -javaagent mechanism. With an argument it does one JDK
 * step the real agent also takes, to split the agent's cost:
 * <ul>
 *   <li>{@code secrandom}: only what the JDK 17 static initializer of sun.nio.ch.UnixDomainSockets does on the
 *       first Unix socket, {@code SecureRandom.getInstance("NativePRNGNonBlocking")};</li>
 *   <li>{@code connect=PATH}: the least a client can do: open a Unix SocketChannel, connect, write HELLO, read
 *       until the READY line (no parsing, no thread, no configuration).</li>
 * </ul>
 */
public final class EmptyAgent {
    private EmptyAgent() {}

    public static void premain(String args, Instrumentation instrumentation) throws IOException {
        if ("secrandom".equals(args)) {
            try {
                SecureRandom.getInstance("NativePRNGNonBlocking");
            } catch (NoSuchAlgorithmException e) {
                new SecureRandom();
            }
        } else if (args != null && args.startsWith("connect=")) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(Path.of(args.substring(8))));
                ch.write(ByteBuffer.wrap("HELLO v=1\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer buf = ByteBuffer.allocate(4096);
                StringBuilder text = new StringBuilder();
                while (text.indexOf("READY") < 0 || text.charAt(text.length() - 1) != '\n') {
                    if (ch.read(buf) < 0) {
                        break;
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        text.append((char) buf.get());
                    }
                    buf.clear();
                }
            }
        }
    }
}
