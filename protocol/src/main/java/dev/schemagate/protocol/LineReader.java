package dev.schemagate.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into protocol lines, however the reads happen to cut it, and enforces the
 * line-length bound before buffering more than one line's worth of an unterminated line.
 *
 * <p>Lines end in {@code \n}; a {@code \r} just before it is dropped so that people typing into
 * {@code socat} with CRLF line ends are understood. Bytes are decoded as UTF-8 only once a line is
 * complete, so a character split across reads is fine, and invalid UTF-8 is an error rather than a
 * silent U+FFFD. After a {@link ProtocolException} the stream position is lost: close the
 * connection. Not thread-safe; one reader per connection.
 */
public final class LineReader {

    private final int maxLineBytes;
    private byte[] buf;
    private int start;
    private int end;
    // Bytes in [start, scanned) hold no '\n'; a byte-by-byte feed does not rescan them.
    private int scanned;

    /** A reader bounded by {@link MessageCodec#MAX_LINE_BYTES}. */
    public LineReader() {
        this(MessageCodec.MAX_LINE_BYTES);
    }

    /** A reader bounded by {@code maxLineBytes}, counting the {@code \n} (and a {@code \r} before it). */
    public LineReader(int maxLineBytes) {
        if (maxLineBytes < 2) {
            throw new IllegalArgumentException("maxLineBytes must be at least 2, was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.buf = new byte[maxLineBytes];
    }

    /** Takes every remaining byte of {@code src}; call {@link #nextLine()} until it returns null. */
    public void feed(ByteBuffer src) {
        int n = src.remaining();
        if (end + n > buf.length) {
            compact();
            if (end + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + n));
            }
        }
        src.get(buf, end, n);
        end += n;
    }

    /**
     * The next complete line without its terminator, or null when no complete line is buffered.
     *
     * @throws ProtocolException LINE_TOO_LONG when a line exceeds the bound (also before its
     *     {@code \n} arrives); BAD_MESSAGE when a line is not valid UTF-8
     */
    public String nextLine() throws ProtocolException {
        for (int i = scanned; i < end; i++) {
            if (buf[i] == '\n') {
                if (i - start + 1 > maxLineBytes) {
                    throw tooLong();
                }
                int lineStart = start;
                int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                start = i + 1;
                scanned = start;
                return decode(lineStart, lineEnd);
            }
        }
        scanned = end;
        if (end - start >= maxLineBytes) {
            throw tooLong();
        }
        return null;
    }

    /**
     * Blocks until a complete line has arrived on {@code channel}, reading into this reader's own
     * buffer (no extra copy).
     *
     * @return the line, or null when the peer closed the connection between lines
     * @throws ProtocolException as {@link #nextLine()}, or BAD_MESSAGE when the peer closed the
     *     connection in the middle of a line
     */
    public String readLine(ReadableByteChannel channel) throws IOException, ProtocolException {
        while (true) {
            String line = nextLine();
            if (line != null) {
                return line;
            }
            // nextLine() returned null, so fewer than maxLineBytes are pending: after compact() the
            // buffer (never smaller than maxLineBytes) has room. The check makes a broken invariant
            // an error rather than an endless loop of zero-byte reads.
            compact();
            if (end == buf.length) {
                throw tooLong();
            }
            int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
            if (n < 0) {
                if (end == start) {
                    return null;
                }
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "connection closed in the middle of a line after " + (end - start) + " bytes");
            }
            end += n;
        }
    }

    /** Bytes of an unterminated line held back, waiting for its {@code \n}. */
    public int pending() {
        return end - start;
    }

    private String decode(int from, int to) throws ProtocolException {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = buf[i] >= 0;
        }
        if (ascii) {
            // Pure ASCII cannot be malformed, so skip building a CharsetDecoder for the common line.
            return new String(buf, from, to - from, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(buf, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "line is not valid UTF-8");
        }
    }

    private ProtocolException tooLong() {
        return new ProtocolException(
                ErrorCodes.LINE_TOO_LONG, "line exceeds " + maxLineBytes + " bytes including its newline");
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
    }
}
