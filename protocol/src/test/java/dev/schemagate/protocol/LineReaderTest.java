package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lines come out whole however the reads cut the stream, and the length bound holds exactly. */
@Timeout(
        value = 10,
        threadMode =
                Timeout.ThreadMode
                        .SEPARATE_THREAD) // a broken bound makes readLine spin on zero-byte reads; fail instead of
// hanging the build
class LineReaderTest {

    @Test
    void byteByByteFeedYieldsEachLineOnce() throws Exception {
        byte[] stream = "WELCOME v=1 daemon=0.1.0\nREADY version=5.2\n".getBytes(StandardCharsets.US_ASCII);
        LineReader r = new LineReader();
        List<String> lines = new ArrayList<>();
        for (byte b : stream) {
            r.feed(ByteBuffer.wrap(new byte[] {b}));
            for (String l = r.nextLine(); l != null; l = r.nextLine()) {
                lines.add(l);
            }
        }
        assertThat(lines).containsExactly("WELCOME v=1 daemon=0.1.0", "READY version=5.2");
        assertThat(r.pending()).isZero();
    }

    @Test
    void severalLinesInOneBufferAndATailKeptForLater() throws Exception {
        LineReader r = new LineReader();
        r.feed(ascii("PING\nPONG id=1\nSTATE state=LOCK"));
        assertThat(r.nextLine()).isEqualTo("PING");
        assertThat(r.nextLine()).isEqualTo("PONG id=1");
        assertThat(r.nextLine()).isNull();
        assertThat(r.pending()).isEqualTo("STATE state=LOCK".length());
        r.feed(ascii("ING waited_ms=1\n"));
        assertThat(r.nextLine()).isEqualTo("STATE state=LOCKING waited_ms=1");
        assertThat(r.nextLine()).isNull();
    }

    @Test
    void mergedInputLargerThanTheBoundIsFineWhenEveryLineFits() throws Exception {
        String line = "x".repeat(99);
        LineReader r = new LineReader(100);
        r.feed(ascii((line + "\n").repeat(5)));
        for (int i = 0; i < 5; i++) {
            assertThat(r.nextLine()).isEqualTo(line);
        }
        assertThat(r.nextLine()).isNull();
    }

    @Test
    void crlfIsToleratedAndALoneCrIsKept() throws Exception {
        LineReader r = new LineReader();
        r.feed(ascii("HELLO v=1\r\nPING\r"));
        assertThat(r.nextLine()).isEqualTo("HELLO v=1");
        assertThat(r.nextLine()).isNull();
        r.feed(ascii("\n\r\rx\n"));
        assertThat(r.nextLine()).isEqualTo("PING");
        // Only the CR right before LF is a terminator; others reach the codec, which refuses them.
        assertThat(r.nextLine()).isEqualTo("\r\rx");
    }

    @Test
    void emptyLineIsReturnedForTheCodecToRefuse() throws Exception {
        LineReader r = new LineReader();
        r.feed(ascii("\n"));
        assertThat(r.nextLine()).isEmpty();
    }

    @Test
    void exactly4096BytesIncludingNewlineIsAccepted() throws Exception {
        String content = "PING id=" + "y".repeat(4095 - 8);
        LineReader r = new LineReader();
        r.feed(ascii(content));
        assertThat(r.nextLine()).isNull();
        r.feed(ascii("\n"));
        assertThat(r.nextLine()).hasSize(4095).isEqualTo(content);
    }

    @Test
    void line4097BytesIsRefusedBeforeItsNewlineArrives() throws Exception {
        LineReader r = new LineReader();
        r.feed(ascii("z".repeat(4095)));
        assertThat(r.nextLine()).isNull();
        r.feed(ascii("z"));
        assertThatThrownBy(r::nextLine)
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"))
                .hasMessage("line exceeds 4096 bytes including its newline");
    }

    @Test
    void line4097BytesIsRefusedWhenItArrivesWhole() throws Exception {
        LineReader r = new LineReader();
        r.feed(ascii("ok\n" + "z".repeat(4096) + "\n"));
        assertThat(r.nextLine()).isEqualTo("ok");
        assertThatThrownBy(r::nextLine)
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
    }

    @Test
    void crlfCountsTowardTheBound() throws Exception {
        LineReader r = new LineReader();
        r.feed(ascii("z".repeat(4095) + "\r\n"));
        assertThatThrownBy(r::nextLine)
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
    }

    @Test
    void multiByteCharactersSplitAcrossReads() throws Exception {
        byte[] bytes = "PING id=caf\u00e9\uD83D\uDE00\u4e2d\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            LineReader r = new LineReader();
            r.feed(ByteBuffer.wrap(bytes, 0, cut));
            assertThat(r.nextLine()).isNull();
            r.feed(ByteBuffer.wrap(bytes, cut, bytes.length - cut));
            assertThat(r.nextLine()).as("cut at %d", cut).isEqualTo("PING id=caf\u00e9\uD83D\uDE00\u4e2d");
        }
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() {
        LineReader r = new LineReader();
        r.feed(ByteBuffer.wrap(new byte[] {'P', 'I', 'N', 'G', ' ', 'i', 'd', '=', (byte) 0xC3, '\n'}));
        assertThatThrownBy(r::nextLine)
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
                .hasMessage("line is not valid UTF-8");
    }

    @Test
    void readLineFromAChannelThatDeliversOneByteAtATime() throws Exception {
        byte[] stream = "WELCOME v=1 daemon=0.1.0\r\nREADY version=\u00e9\n".getBytes(StandardCharsets.UTF_8);
        ReadableByteChannel trickle = new TrickleChannel(stream, 1);
        LineReader r = new LineReader();
        assertThat(r.readLine(trickle)).isEqualTo("WELCOME v=1 daemon=0.1.0");
        assertThat(r.readLine(trickle)).isEqualTo("READY version=\u00e9");
        assertThat(r.readLine(trickle)).isNull();
    }

    @Test
    void readLineRefusesEofInTheMiddleOfALine() throws Exception {
        ReadableByteChannel trickle = new TrickleChannel("READY vers".getBytes(StandardCharsets.US_ASCII), 3);
        LineReader r = new LineReader();
        assertThatThrownBy(() -> r.readLine(trickle))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
                .hasMessage("connection closed in the middle of a line after 10 bytes");
    }

    @Test
    void readLineRefusesAnEndlessLine() {
        ReadableByteChannel endless = new TrickleChannel("a".repeat(10_000).getBytes(StandardCharsets.US_ASCII), 1000);
        LineReader r = new LineReader();
        assertThatThrownBy(() -> r.readLine(endless))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
    }

    @Test
    void readsWholeLinesFromARealUnixSocket(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("d.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                    SocketChannel peer = server.accept()) {
                client.write(ByteBuffer.wrap(
                        MessageCodec.encode(Messages.hello("a b", 7, null)).getBytes(StandardCharsets.UTF_8)));
                peer.write(ascii("WELCOME v=1 daemon=0.1.0\nREADY version=5.2 applied=0\n"));
                peer.shutdownOutput();
                LineReader daemonSide = new LineReader();
                assertThat(MessageCodec.decode(daemonSide.readLine(peer)).get(Fields.APP))
                        .isEqualTo("a b");
                LineReader agentSide = new LineReader();
                assertThat(MessageCodec.decode(agentSide.readLine(client)).type())
                        .isEqualTo(MessageTypes.WELCOME);
                assertThat(MessageCodec.decode(agentSide.readLine(client)).get(Fields.VERSION))
                        .isEqualTo("5.2");
                assertThat(agentSide.readLine(client)).isNull();
            }
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** A channel that returns at most {@code chunk} bytes per read, like a slow socket. */
    private static final class TrickleChannel implements ReadableByteChannel {
        private final byte[] data;
        private final int chunk;
        private int pos;

        TrickleChannel(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(chunk, dst.remaining()), data.length - pos);
            dst.put(data, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() throws IOException {}
    }
}
