package dev.schemagate.agent;

import dev.schemagate.protocol.LineReader;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.MessageCodec;
import dev.schemagate.protocol.Messages;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A daemon stand-in on a real Unix domain socket: reads each client's HELLO, then runs a script on the connection. */
final class FakeDaemon implements AutoCloseable {

    /** What the fake daemon does on one connection after it has read the HELLO. */
    interface Script {
        void run(Conn conn) throws Exception;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Script script;
    private final List<Message> hellos = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final List<Throwable> scriptErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private FakeDaemon(Path socket, Script script) throws IOException {
        this.socket = socket;
        this.script = script;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "fake-daemon-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeDaemon start(Path socket, Script script) throws IOException {
        return new FakeDaemon(socket, script);
    }

    /** A script that answers WELCOME then READY at {@code version}. */
    static Script ready(String version) {
        return conn -> {
            conn.send(Messages.welcome(1, "fake"));
            conn.send(Messages.ready(version, 0));
            conn.close();
        };
    }

    List<Message> hellos() {
        return hellos;
    }

    int connections() {
        return connections.get();
    }

    List<Throwable> scriptErrors() {
        return scriptErrors;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(ch);
            int index = connections.getAndIncrement();
            Thread t = new Thread(() -> serve(new Conn(ch, index)), "fake-daemon-conn-" + index);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Conn conn) {
        try {
            String hello = conn.readLine();
            if (hello == null) {
                return; // The client gave up (its deadline) between connect and HELLO.
            }
            hellos.add(MessageCodec.decode(hello));
            script.run(conn);
        } catch (IOException e) {
            // The client hung up mid-script (its deadline, or it had its verdict): normal for a daemon, not an error
            // of the script. A real daemon sees the same broken pipe.
        } catch (Throwable e) {
            if (server.isOpen() && conn.ch.isOpen()) {
                scriptErrors.add(e);
            }
        }
    }

    /** Stops listening, drops every connection and removes the socket file, like a daemon that died. */
    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel ch : open) {
            ch.close();
        }
        Files.deleteIfExists(socket);
    }

    /** One accepted client connection. */
    static final class Conn {
        private final SocketChannel ch;
        private final int index;
        private final LineReader reader = new LineReader();

        Conn(SocketChannel ch, int index) {
            this.ch = ch;
            this.index = index;
        }

        /** 0 for the first connection this daemon accepted. */
        int index() {
            return index;
        }

        String readLine() throws Exception {
            return reader.readLine(ch);
        }

        void send(Message m) throws IOException {
            sendRaw(MessageCodec.encode(m));
        }

        void sendRaw(String text) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        /** Blocks until the client closes the connection. */
        void holdOpen() throws Exception {
            while (reader.readLine(ch) != null) {
                // Ignore PINGs and the like.
            }
        }

        void close() throws IOException {
            ch.close();
        }
    }
}
