package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz tests of the codec, the value quoting and the line reader. In a plain build they run the committed inputs in
 * {@code src/test/resources/dev/schemagate/protocol/ProtocolFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes
 * one of them (README, "Fuzzing").
 */
class ProtocolFuzzTest {

    /**
     * Any line: decode either refuses it with a ProtocolException or yields a message whose canonical encoding
     * decodes to the same message and encodes to itself.
     */
    @FuzzTest
    void decodeRefusesOrRoundTrips(byte[] input) throws ProtocolException {
        String line = new String(input, StandardCharsets.UTF_8);
        Message m;
        try {
            m = MessageCodec.decode(line);
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        String formatted = MessageCodec.format(m) + "\n";
        if (formatted.getBytes(StandardCharsets.UTF_8).length > MessageCodec.MAX_LINE_BYTES) {
            // Typed forms can be shorter than the canonical one (key= is written key=""): encode must say so.
            assertThatThrownBy(() -> MessageCodec.encode(m)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        String canonical = MessageCodec.encode(m);
        assertThat(canonical).isEqualTo(formatted);
        Message again = MessageCodec.decode(canonical);
        assertThat(again).isEqualTo(m);
        assertThat(MessageCodec.encode(again)).isEqualTo(canonical);
    }

    /**
     * Any string (the input read as UTF-16, so lone surrogates and every control character occur) survives
     * encode and decode as a field value, a lone surrogate becoming U+FFFD; the encoded line is one line.
     */
    @FuzzTest
    void anyValueRoundTrips(byte[] input) throws ProtocolException {
        String value = utf16(input);
        Message m = Message.of(MessageTypes.HELLO).with(Fields.V, "1").with(Fields.APP, value);
        String line;
        try {
            line = MessageCodec.encode(m);
        } catch (IllegalArgumentException tooLong) {
            assertThat(tooLong.getMessage()).contains("over the " + MessageCodec.MAX_LINE_BYTES + "-byte limit");
            return;
        }
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line.indexOf('\r')).isEqualTo(-1);
        assertThat(MessageCodec.decode(line).get(Fields.APP)).isEqualTo(withoutLoneSurrogates(value));
    }

    /** clip keeps a value's encoded form within any budget of at least 5 bytes, cutting only at its end. */
    @FuzzTest
    void clipFitsItsBudget(byte[] input) throws ProtocolException {
        if (input.length < 2) {
            return;
        }
        int budget = 5 + ((input[0] & 0xff) << 8 | (input[1] & 0xff)) % 2500;
        String value = utf16(java.util.Arrays.copyOfRange(input, 2, input.length));
        String clipped = MessageCodec.clip(value, budget);
        Message m = Message.of(MessageTypes.HELLO).with(Fields.V, "1").with(Fields.APP, clipped);
        String line = MessageCodec.encode(m);
        int encodedValue = line.getBytes(StandardCharsets.UTF_8).length - "HELLO v=1 app=\n".length();
        assertThat(encodedValue).as("encoded bytes of the clipped value").isLessThanOrEqualTo(budget);
        if (!clipped.equals(value)) {
            assertThat(clipped).endsWith("...");
            assertThat(value).startsWith(clipped.substring(0, clipped.length() - 3));
        }
        assertThat(MessageCodec.decode(line).get(Fields.APP)).isEqualTo(withoutLoneSurrogates(clipped));
    }

    /**
     * Any byte stream, cut into reads anywhere: the reader yields the lines a plain split yields (CR before LF
     * dropped), refuses a line over the bound and invalid UTF-8, and never throws anything else.
     */
    @FuzzTest
    void lineReaderAgreesWithAPlainSplit(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int max = 2 + (input[0] & 0x3f); // small bounds, so that too-long lines are common
        byte[] stream = java.util.Arrays.copyOfRange(input, 1, input.length);
        List<Object> expected = plainSplit(stream, max);
        List<Object> actual = new ArrayList<>();
        LineReader reader = new LineReader(max);
        int pos = 0;
        int cut = 1;
        try {
            while (pos < stream.length) {
                int n = Math.min(stream.length - pos, 1 + (cut++ * 7 + (stream[pos] & 0xff)) % 11);
                reader.feed(ByteBuffer.wrap(stream, pos, n));
                pos += n;
                for (String line = reader.nextLine(); line != null; line = reader.nextLine()) {
                    actual.add(line);
                }
            }
        } catch (ProtocolException e) {
            actual.add(e.code());
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** The reference: complete lines of the whole stream, stopping at the first line the reader must refuse. */
    private static List<Object> plainSplit(byte[] stream, int max) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            // A line may hold max bytes with its '\n'; max bytes without one can only grow past the bound.
            int length = i - start + 1;
            if (stream[i] == '\n' ? length > max : length >= max) {
                out.add(ErrorCodes.LINE_TOO_LONG);
                break;
            }
            if (stream[i] == '\n') {
                int end = i > start && stream[i - 1] == '\r' ? i - 1 : i;
                try {
                    out.add(StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(stream, start, end - start))
                            .toString());
                } catch (CharacterCodingException e) {
                    out.add(ErrorCodes.BAD_MESSAGE);
                    break;
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static String utf16(byte[] b) {
        char[] chars = new char[b.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff));
        }
        return new String(chars);
    }

    private static String withoutLoneSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }
}
