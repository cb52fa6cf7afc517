package dev.schemagate.daemon.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A protocol client as a person with socat would be: writes raw lines, reads raw lines with a deadline.
 *
 * <p>Reads use a selector because JDK 17 has no read timeout for Unix domain SocketChannels.
 */
public final class RawClient implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final StringBuilder pending = new StringBuilder();
    private boolean eof;

    private RawClient(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    public static RawClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        Selector selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        return new RawClient(channel, selector);
    }

    /** Writes {@code text} as it is (add the newline yourself). */
    public RawClient send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return this;
    }

    /** The next line without its newline; null when the daemon closed the connection first. */
    public String readLine(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return line;
            }
            if (eof) {
                return null;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError(
                        "no line from the daemon within " + timeout + "; got so far: '" + pending + "'");
            }
            selector.select(left);
            selector.selectedKeys().clear();
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                eof = true;
            } else {
                pending.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Every line up to and including the first verdict (READY, FAILED or ERROR), or up to the daemon closing the
     * connection; fails when neither comes within {@code timeout}.
     */
    public java.util.List<String> readUntilVerdict(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.List<String> lines = new java.util.ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no verdict from the daemon within " + timeout + "; lines so far: " + lines);
            }
            String line;
            try {
                line = readLine(Duration.ofNanos(left));
            } catch (AssertionError e) {
                throw new AssertionError(
                        "no verdict from the daemon within " + timeout + "; lines so far: " + lines, e);
            }
            if (line == null) {
                return lines;
            }
            lines.add(line);
            if (line.startsWith("READY ") || line.startsWith("FAILED ") || line.startsWith("ERROR ")) {
                return lines;
            }
        }
    }

    /** True once the daemon has closed the connection (reads every line still pending first). */
    public boolean closedByPeer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eof && System.nanoTime() < deadline) {
            String line = readLine(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (line == null) {
                return true;
            }
        }
        return eof;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
