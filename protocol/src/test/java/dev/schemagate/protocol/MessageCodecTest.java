package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Escaping round trips, and every malformed line is refused with the right code. */
class MessageCodecTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "  leading and trailing  ",
                "a=b",
                "==",
                "100%",
                "%41 is not an escape here",
                "%%%",
                "line one\nline two\r\n",
                "tab\there",
                "nul\u0000byte",
                "del\u007f and c1\u0085\u009f",
                "caf\u00e9 \u00fc\u00df \u4e2d\u6587 \uD83D\uDE00",
                "\u2028 line separator stays raw",
                "V3__add users.sql",
                "\"starts with a quote",
                "\"",
                "\"\"",
                "ends with a quote\"",
                "back\\slash",
                "trailing backslash\\",
                "\\\"",
                "\\u0041 is not an escape here",
                "\\n is not a newline here",
                "key=value=more",
                "ctl\u0001\u001f\u001b[0m"
            })
    void roundTripsTrickyValues(String value) throws Exception {
        Message m = Message.of(MessageTypes.PING).with(Fields.ID, value);
        String line = MessageCodec.encode(m);
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        String body = line.substring(0, line.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            assertThat(c < ' ' || (c >= 0x7F && c <= 0x9F))
                    .as("raw control U+%04X in %s", (int) c, body)
                    .isFalse();
        }
        assertThat(MessageCodec.decode(line).get(Fields.ID)).isEqualTo(value);
        // With another field after it, so that a quoted value must end exactly at its closing quote.
        String two = MessageCodec.encode(m.with(Fields.APP, value));
        Message back = MessageCodec.decode(two);
        assertThat(back.get(Fields.ID)).isEqualTo(value);
        assertThat(back.get(Fields.APP)).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // value as a Java-escaped string | expected wire value
                "orders-api | orders-api",
                "a=b%c\\u00e9(x),y/z:'#;&*?! | a=b%c\u00e9(x),y/z:'#;&*?!",
                "==x | ==x",
                "` ` | \" \"",
                "`a b` | \"a b\"",
                "`` | \"\"",
                "\\\"q | \"\\\"q\"",
                "q\\\" | \"q\\\"\"",
                "a\\\\b | \"a\\\\b\"",
                "a b=c%d\\ne\\u00e9\\u0085(x),y/z: | \"a b=c%d\\ne\u00e9\\u0085(x),y/z:\"",
                "\\t\\r\\n | \"\\t\\r\\n\"",
                "\\u0000\\u0001\\u001b\\u007f\\u0080\\u009f | \"\\u0000\\u0001\\u001B\\u007F\\u0080\\u009F\"",
                "caf\\u00e9\\ud83d\\ude00\\u00a0\\u2028 | caf\u00e9\ud83d\ude00\u00a0\u2028"
            })
    void encodesBareWhenItCanAndQuotesWithEscapesOtherwise(String javaEscaped, String wire) throws Exception {
        String value = unescapeJava(javaEscaped);
        assertThat(MessageCodec.encode(Message.of(MessageTypes.PING).with(Fields.ID, value)))
                .isEqualTo("PING id=" + wire + "\n");
        assertThat(MessageCodec.decode("PING id=" + wire).get(Fields.ID)).isEqualTo(value);
    }

    @Test
    void escapesOnlyWhatMustBeEscaped() {
        Message m = Message.of(MessageTypes.PING).with(Fields.ID, "a b=c%d\ne\u00e9\u0085(x),y/z:\"\\");
        assertThat(MessageCodec.encode(m)).isEqualTo("PING id=\"a b=c%d\\ne\u00e9\\u0085(x),y/z:\\\"\\\\\"\n");
        Message bare = Message.of(MessageTypes.PING).with(Fields.ID, "a=b%c\u00e9(x),y/z:'");
        assertThat(MessageCodec.encode(bare)).isEqualTo("PING id=a=b%c\u00e9(x),y/z:'\n");
    }

    @Test
    void loneSurrogateBecomesReplacementCharacter() throws Exception {
        Message m = Message.of(MessageTypes.PING).with(Fields.ID, "x\uD800y");
        String line = MessageCodec.encode(m);
        assertThat(line).isEqualTo("PING id=x\uFFFDy\n");
        assertThat(MessageCodec.decode(line).get(Fields.ID)).isEqualTo("x\uFFFDy");
        Message quoted = Message.of(MessageTypes.PING).with(Fields.ID, "x \uDC00");
        assertThat(MessageCodec.encode(quoted)).isEqualTo("PING id=\"x \uFFFD\"\n");
    }

    @Test
    void decoderAcceptsWhatPeopleType() throws Exception {
        Message typed = MessageCodec.decode("HELLO v=1 app=\"orders api\"");
        assertThat(typed.get(Fields.APP)).isEqualTo("orders api");
        assertThat(typed.size()).isEqualTo(2);
        Message middle = MessageCodec.decode("HELLO app=\"orders api\" v=1 requires=5.2\r\n");
        assertThat(middle.get(Fields.APP)).isEqualTo("orders api");
        assertThat(middle.require(Fields.V)).isEqualTo("1");
        assertThat(middle.get(Fields.REQUIRES)).isEqualTo("5.2");
        assertThat(MessageCodec.decode("HELLO v=1 app=a=b").get(Fields.APP)).isEqualTo("a=b");
        assertThat(MessageCodec.decode("HELLO v=1 app=\"say \\\"hi\\\" \\\\ bye\"")
                        .get(Fields.APP))
                .isEqualTo("say \"hi\" \\ bye");
        assertThat(MessageCodec.decode("PING id=\"\\u00e9\\u00E9\\u0041\\u20ac\"")
                        .get(Fields.ID))
                .isEqualTo("\u00e9\u00e9A\u20ac");
        assertThat(MessageCodec.decode("PING id=\"a\\nb\\tc\\rd\"").get(Fields.ID))
                .isEqualTo("a\nb\tc\rd");
        assertThat(MessageCodec.decode("PING id=\"\"").get(Fields.ID)).isEmpty();
        assertThat(MessageCodec.decode("PING id=\"\"\r\n").get(Fields.ID)).isEmpty();
        assertThat(MessageCodec.decode("PING id=\" \"").get(Fields.ID)).isEqualTo(" ");
        assertThat(MessageCodec.decode("PING id=").get(Fields.ID)).isEmpty();
        assertThat(MessageCodec.decode("READY id= version=1").get(Fields.ID)).isEmpty();
        assertThat(MessageCodec.decode("PONG").size()).isZero();
    }

    @Test
    void unknownFieldsAreKeptForForwardCompatibility() throws Exception {
        Message m = MessageCodec.decode("READY version=5 future_field=x");
        assertThat(m.get("future_field")).isEqualTo("x");
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("", "BAD_MESSAGE", "empty line"),
                Arguments.of("\n", "BAD_MESSAGE", "empty line"),
                Arguments.of("\r\n", "BAD_MESSAGE", "empty line"),
                Arguments.of(" HELLO v=1", "BAD_MESSAGE", "starts with a space"),
                Arguments.of("FOO v=1", "BAD_MESSAGE", "unknown message type 'FOO'"),
                Arguments.of("hello v=1", "BAD_MESSAGE", "must be upper case: 'hello'; write HELLO"),
                Arguments.of("Hello v=1", "BAD_MESSAGE", "must be upper case"),
                Arguments.of("HELLO v1", "BAD_MESSAGE", "field without '=': 'v1'"),
                Arguments.of("HELLO v=1 app", "BAD_MESSAGE", "field without '=': 'app'"),
                Arguments.of("HELLO v=1 v=2", "BAD_MESSAGE", "duplicate field v"),
                Arguments.of("HELLO v=1  app=x", "BAD_MESSAGE", "empty field at column 11"),
                Arguments.of("HELLO v=1 ", "BAD_MESSAGE", "empty field at column 11"),
                Arguments.of("HELLO =1", "BAD_MESSAGE", "bad field key ''"),
                Arguments.of("HELLO V=1", "BAD_MESSAGE", "bad field key 'V'"),
                Arguments.of("HELLO v=1 app=orders api", "BAD_MESSAGE", "field without '=': 'api'"),
                Arguments.of(
                        "HELLO v=1 app=\"orders api",
                        "BAD_MESSAGE",
                        "value of app has an unterminated quote (opened at column 15); end it with '\"'"),
                Arguments.of("HELLO v=1 app=\"", "BAD_MESSAGE", "unterminated quote (opened at column 15)"),
                Arguments.of("HELLO v=1 app=\"a\\\"", "BAD_MESSAGE", "unterminated quote"),
                Arguments.of("HELLO v=1 app=\"a\\", "BAD_MESSAGE", "unterminated quote"),
                Arguments.of(
                        "HELLO v=1 app=\"a\\qb\"",
                        "BAD_MESSAGE",
                        "unknown escape '\\q' in value of app at column 17; use \\\" \\\\ \\n \\r \\t or \\u00XX"),
                Arguments.of("HELLO v=1 app=\"a\\%\"", "BAD_MESSAGE", "unknown escape '\\%'"),
                Arguments.of("HELLO v=1 app=\"a\\ b\"", "BAD_MESSAGE", "unknown escape '\\ '"),
                Arguments.of(
                        "HELLO v=1 app=\"\\u00\"",
                        "BAD_MESSAGE",
                        "bad escape in value of app at column 16: \\u must be followed by four hex digits"),
                Arguments.of("HELLO v=1 app=\"\\u12G4\"", "BAD_MESSAGE", "four hex digits"),
                Arguments.of("HELLO v=1 app=\"\\u\u0661\u0662\u0663\u0664\"", "BAD_MESSAGE", "four hex digits"),
                Arguments.of("HELLO v=1 app=\"\\uD800\"", "BAD_MESSAGE", "\\uD800 is a surrogate, not a character"),
                Arguments.of(
                        "HELLO v=1 app=\"a\"b",
                        "BAD_MESSAGE",
                        "value of app has 'b' right after its closing quote at column 18; a space must follow"),
                Arguments.of(
                        "HELLO v=1 app=\"a\"\"b\"",
                        "BAD_MESSAGE",
                        "has '\"' right after its closing quote at column 18"),
                Arguments.of(
                        "HELLO v=1 app=\"a\"\tx=1",
                        "BAD_MESSAGE",
                        "control character U+0009 right after its closing quote"),
                Arguments.of("HELLO v=1 app=\"a\" ", "BAD_MESSAGE", "empty field at column 19"),
                Arguments.of("HELLO v=1 app=\"a\"  v=2", "BAD_MESSAGE", "empty field at column 19"),
                Arguments.of("HELLO v=1 app=\"a\" v=2", "BAD_MESSAGE", "duplicate field v"),
                Arguments.of(
                        "HELLO v=1 app=a\"b",
                        "BAD_MESSAGE",
                        "value of app has a '\"' at column 16; put the whole value in double quotes and write a quote inside it as \\\""),
                Arguments.of("HELLO v=1 app=ab\"", "BAD_MESSAGE", "has a '\"' at column 17"),
                Arguments.of(
                        "HELLO v=1 app=a\\nb",
                        "BAD_MESSAGE",
                        "value of app has a '\\' at column 16; backslash escapes work only inside a double-quoted value"),
                Arguments.of("HELLO v=1 app=a\tb", "BAD_MESSAGE", "raw control character U+0009 at column 16"),
                Arguments.of("HELLO v=1 app=a\rb", "BAD_MESSAGE", "raw control character U+000D"),
                Arguments.of("HELLO v=1 app=a\nb", "BAD_MESSAGE", "raw control character U+000A"),
                Arguments.of("HELLO v=1 app=a\u0085b", "BAD_MESSAGE", "raw control character U+0085"),
                Arguments.of(
                        "HELLO v=1 app=\"a\tb\"",
                        "BAD_MESSAGE",
                        "value of app has a raw control character U+0009 at column 17"),
                Arguments.of("HELLO v=1 app=\"a\nb\"", "BAD_MESSAGE", "raw control character U+000A at column 17"),
                Arguments.of("HELLO v=1 app=\"a\u007fb\"", "BAD_MESSAGE", "raw control character U+007F"),
                Arguments.of("HELLO v=1 app=\"a\\\tb\"", "BAD_MESSAGE", "raw control character U+0009 at column 18"),
                Arguments.of("HELLO \"v=1\"", "BAD_MESSAGE", "bad field key '\"v'"),
                Arguments.of("HELLO app=x", "BAD_MESSAGE", "HELLO lacks required field v"),
                Arguments.of("WELCOME v=1", "BAD_MESSAGE", "WELCOME lacks required field daemon"),
                Arguments.of("STATE waited_ms=5", "BAD_MESSAGE", "STATE lacks required field state"),
                Arguments.of("READY", "BAD_MESSAGE", "READY lacks required field version"),
                Arguments.of("FAILED code=LOCK_TIMEOUT", "BAD_MESSAGE", "FAILED lacks required field message"),
                Arguments.of("WAITING requires=9", "BAD_MESSAGE", "WAITING lacks required field reason"),
                Arguments.of("ERROR message=x", "BAD_MESSAGE", "ERROR lacks required field code"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("garbage")
    void refusesGarbage(String line, String code, String detail) {
        assertThatThrownBy(() -> MessageCodec.decode(line))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(detail);
    }

    @Test
    void integerFieldsTakeOnlyAsciiDigits() throws Exception {
        // Long.parseLong reads any Unicode digit ("\u0664\u0662" is 42) and a leading '+': the wire format is ASCII.
        for (String bad : new String[] {"\u0664\u0662", "+42", "\uff14\uff12"}) {
            Message m = MessageCodec.decode("STATE state=MIGRATING waited_ms=" + bad);
            assertThatThrownBy(() -> m.requireLong("waited_ms"))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
                    .hasMessageContaining("STATE field waited_ms is not an integer");
        }
        assertThat(MessageCodec.decode("STATE state=MIGRATING waited_ms=-7").requireLong("waited_ms"))
                .isEqualTo(-7);
    }

    @Test
    void refusesUnpairedSurrogateInRawText() {
        assertThatThrownBy(() -> MessageCodec.decode("PING id=a\uDC00"))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
                .hasMessageContaining("unpaired surrogate U+DC00");
        assertThatThrownBy(() -> MessageCodec.decode("PING id=\"a \uD800\""))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
                .hasMessageContaining("unpaired surrogate U+D800 at column 12");
    }

    @Test
    void lineBoundIsExactly4096BytesIncludingNewline() throws Exception {
        String prefix = "PING id=";
        String fits = prefix + "x".repeat(4095 - prefix.length());
        assertThat(MessageCodec.decode(fits + "\n").get(Fields.ID)).hasSize(4095 - prefix.length());
        assertThat(MessageCodec.decode(fits).get(Fields.ID)).hasSize(4095 - prefix.length());
        assertThatThrownBy(() -> MessageCodec.decode(fits + "x\n"))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
        // Counted in UTF-8 bytes, not chars: 2 bytes per e-acute.
        String wide = prefix + "\u00e9".repeat((4095 - prefix.length()) / 2) + "xx";
        assertThat(wide.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
        assertThatThrownBy(() -> MessageCodec.decode(wide))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
    }

    @Test
    void encoderRefusesWhatTheDecoderWouldRefuse() {
        // 700 escapes of 6 bytes, 2 quotes, "PING id=" and the newline.
        Message tooLong = Message.of(MessageTypes.PING).with(Fields.ID, "\u0001".repeat(700));
        assertThatThrownBy(() -> MessageCodec.encode(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PING line is 4211 bytes, over the 4096-byte limit");
        assertThatThrownBy(() -> MessageCodec.encode(Message.of(MessageTypes.READY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("READY lacks required field version");
        assertThatThrownBy(() -> MessageCodec.encode(Message.of("NOPE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown message type NOPE");
        assertThatThrownBy(() -> Message.of("ready")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.of(MessageTypes.READY).with("Version", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Message.of(MessageTypes.READY).with("version", "1").with("version", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field version is already set in READY");
    }

    @Test
    void typedAccessorsRefuseNonNumbers() throws Exception {
        Message m = MessageCodec.decode("STATE state=LOCKING waited_ms=soon");
        assertThatThrownBy(() -> m.requireLong(Fields.WAITED_MS))
                .isInstanceOfSatisfying(
                        ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
                .hasMessage("STATE field waited_ms is not an integer: 'soon'");
        assertThatThrownBy(() -> m.getLong(Fields.WAITED_MS, 0)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> m.requireLong(Fields.STEP))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("STATE lacks required field step");
        assertThat(m.toString()).isEqualTo("STATE state=LOCKING waited_ms=soon");
    }

    @Test
    void clipKeepsEncodedTextWithinBudget() {
        assertThat(MessageCodec.clip("short", 10)).isEqualTo("short");
        assertThat(MessageCodec.clip("exactly10!", 10)).isEqualTo("exactly10!");
        // A space forces quotes (2 bytes): "eleven..." stays bare at 9 bytes, "\"eleven ...\"" would be 12.
        assertThat(MessageCodec.clip("eleven chars", 10)).isEqualTo("eleven...");
        // "\"a b c d\"" is 9 bytes; in 8, "\"a b...\"" (8) fits; in 6 only bare "a..." (4) does.
        assertThat(MessageCodec.clip("a b c d", 9)).isEqualTo("a b c d");
        assertThat(MessageCodec.clip("a b c d", 8)).isEqualTo("a b...");
        assertThat(MessageCodec.clip("a b c d", 6)).isEqualTo("a...");
        // Escapes count: "\"x\\ny\"" is 6 bytes.
        assertThat(MessageCodec.clip("x\ny", 6)).isEqualTo("x\ny");
        assertThat(MessageCodec.clip("x\ny", 5)).isEqualTo("x...");
        // "\"x\\u0001yz\"" is 11 bytes, and "\"x\\u0001...\"" would be 12.
        assertThat(MessageCodec.clip("x\u0001yz", 11)).isEqualTo("x\u0001yz");
        assertThat(MessageCodec.clip("x\u0001yz", 10)).isEqualTo("x...");
        // A leading quote forces quotes and is escaped: "\"\\\"quo...\"" is 10 bytes.
        assertThat(MessageCodec.clip("\"quoted\" text", 10)).isEqualTo("\"quo...");
        // The empty value is written "\"\"".
        assertThat(MessageCodec.clip("", 2)).isEmpty();
        // A surrogate pair is never split.
        assertThat(MessageCodec.clip("ab\uD83D\uDE00cdefgh", 7)).isEqualTo("ab...");
        String huge = Messages.failed("MIGRATION_FAILED", "f".repeat(5000), 1, "\n".repeat(5000), " ".repeat(5000))
                .toString();
        assertThat(huge.getBytes(StandardCharsets.UTF_8).length).isLessThan(MessageCodec.MAX_LINE_BYTES);
    }

    @Test
    void clipIsTheLongestPrefixThatFits() {
        String[] values = {
            "no such table: nope (SQLITE_ERROR)",
            "\"quoted\" and \\ back\\slashed\n\ttext\u0001\u0085 caf\u00e9 \uD83D\uDE00 end",
            "bare=text/with:no,spaces\u00e9\uD83D\uDE00",
            "x\uD800 lone surrogate",
            "\n\n\n\n\n\n\n\n\n\n"
        };
        for (String value : values) {
            for (int budget = 5; budget <= 80; budget++) {
                String clipped = MessageCodec.clip(value, budget);
                String why = value + " in " + budget;
                assertThat(encodedBytes(clipped)).as(why).isLessThanOrEqualTo(budget);
                if (encodedBytes(value) <= budget) {
                    assertThat(clipped).as(why).isEqualTo(value);
                    continue;
                }
                assertThat(clipped).as(why).endsWith("...");
                String kept = clipped.substring(0, clipped.length() - 3);
                assertThat(value).as(why).startsWith(kept);
                int more = kept.length() + (Character.isHighSurrogate(value.charAt(kept.length())) ? 2 : 1);
                if (more < value.length()) {
                    assertThat(encodedBytes(value.substring(0, more) + "..."))
                            .as(why)
                            .isGreaterThan(budget);
                }
            }
        }
    }

    private static int encodedBytes(String value) {
        StringBuilder sb = new StringBuilder();
        ValueQuoting.escape(sb, value);
        return sb.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Resolves the {@code \\uXXXX}, {@code \\t}, {@code \\r}, {@code \\n}, {@code \\\\} and {@code \\"} of a CSV test argument. */
    private static String unescapeJava(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            if (e == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                sb.append(e == 't' ? '\t' : e == 'r' ? '\r' : e == 'n' ? '\n' : e);
            }
        }
        return sb.toString();
    }
}
