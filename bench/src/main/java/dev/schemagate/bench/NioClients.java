package dev.schemagate.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Many protocol clients on non-blocking SocketChannels, driven by one Selector on the calling thread (a thread
 * per client would measure the scheduler, not the daemon). Each client sends HELLO and records its lines.
 */
final class NioClients implements AutoCloseable {
    static final class Client {
        final SocketChannel channel;
        final StringBuilder pending = new StringBuilder();
        String lastType = "";
        final StringBuilder seen = new StringBuilder();
        int lines;
        long readyNanos;
        long lastStateNanos;

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final Selector selector;
    private final List<Client> clients = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
    private final UnixDomainSocketAddress address;

    NioClients(Path socket) throws IOException {
        this.selector = Selector.open();
        this.address = UnixDomainSocketAddress.of(socket);
    }

    List<Client> clients() {
        return clients;
    }

    /** Connects {@code n} more clients in batches, each sending HELLO, and waits until each has read {@code lines}. */
    void connect(int n, int batch, int linesEach, long timeoutMillis) throws IOException {
        int done = 0;
        while (done < n) {
            int k = Math.min(batch, n - done);
            List<Client> fresh = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(address); // blocking connect: Unix sockets connect at once while the backlog has room
                ch.configureBlocking(false);
                ch.write(ByteBuffer.wrap(("HELLO v=1 app=bench" + "\n").getBytes(StandardCharsets.US_ASCII)));
                Client c = new Client(ch);
                ch.register(selector, SelectionKey.OP_READ, c);
                clients.add(c);
                fresh.add(c);
            }
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (fresh.stream().anyMatch(c -> c.lines < linesEach)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("clients did not get " + linesEach + " lines in " + timeoutMillis + " ms");
                }
                poll(100);
            }
            done += k;
        }
    }

    /** Reads until every client has seen a READY line; returns the nanoTime of the last one. */
    long awaitAllReady(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int notReady = (int) clients.stream().filter(c -> c.readyNanos == 0).count();
        while (notReady > 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException(notReady + " clients without READY after " + timeoutMillis + " ms");
            }
            notReady -= poll(100);
        }
        long last = 0;
        for (Client c : clients) {
            last = Math.max(last, c.readyNanos);
        }
        return last;
    }

    /** The nanoTime of the last STATE line any client read (progress lines before the verdict). */
    long lastStateRead() {
        long last = 0;
        for (Client c : clients) {
            last = Math.max(last, c.lastStateNanos);
        }
        return last;
    }

    /** One select round; returns how many clients saw READY in it. */
    private int poll(long millis) throws IOException {
        int n = selector.select(millis);
        if (n == 0) {
            return 0;
        }
        int newlyReady = 0;
        long now = System.nanoTime();
        var it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Client c = (Client) key.attachment();
            buffer.clear();
            int r = c.channel.read(buffer);
            if (r < 0) {
                key.cancel();
                c.channel.close();
                if (c.readyNanos != 0) {
                    continue; // the daemon closes each connection right after its READY line
                }
                throw new IOException("daemon closed a client after " + c.lines + " lines: " + c.seen + c.pending);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                char ch = (char) buffer.get();
                if (ch == '\n') {
                    String line = c.pending.toString();
                    c.pending.setLength(0);
                    c.lines++;
                    if (c.seen.length() < 2000) {
                        c.seen.append(line).append(" | ");
                    }
                    int sp = line.indexOf(' ');
                    c.lastType = sp < 0 ? line : line.substring(0, sp);
                    if (c.lastType.equals("READY") && c.readyNanos == 0) {
                        c.readyNanos = now;
                        newlyReady++;
                    } else if (c.lastType.equals("STATE")) {
                        c.lastStateNanos = now;
                    } else if (c.lastType.equals("FAILED") || c.lastType.equals("ERROR")) {
                        throw new IOException("client got " + line);
                    }
                } else {
                    c.pending.append(ch);
                }
            }
        }
        return newlyReady;
    }

    @Override
    public void close() throws IOException {
        for (Client c : clients) {
            c.channel.close();
        }
        selector.close();
    }
}
