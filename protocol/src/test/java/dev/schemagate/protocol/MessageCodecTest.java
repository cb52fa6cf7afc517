package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
        "V3__add users.sql"
      })
  void roundTripsTrickyValues(String value) throws Exception {
    Message m = Message.of(MessageTypes.PING).with(Fields.ID, value);
    String line = MessageCodec.encode(m);
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\r", "\t", "\u0000", "\u0085");
    assertThat(MessageCodec.decode(line).get(Fields.ID)).isEqualTo(value);
  }

  @Test
  void escapesOnlyWhatMustBeEscaped() {
    Message m = Message.of(MessageTypes.PING).with(Fields.ID, "a b=c%d\ne\u00e9\u0085(x),y/z:");
    assertThat(MessageCodec.encode(m)).isEqualTo("PING id=a%20b%3Dc%25d%0Ae\u00e9%C2%85(x),y/z:\n");
  }

  @Test
  void loneSurrogateBecomesReplacementCharacter() throws Exception {
    Message m = Message.of(MessageTypes.PING).with(Fields.ID, "x\uD800y");
    String line = MessageCodec.encode(m);
    assertThat(line).isEqualTo("PING id=x%EF%BF%BDy\n");
    assertThat(MessageCodec.decode(line).get(Fields.ID)).isEqualTo("x\uFFFDy");
  }

  @Test
  void decoderAcceptsLowerCaseHexAndCrlfAndNoTerminator() throws Exception {
    assertThat(MessageCodec.decode("PING id=a%3db%c3%a9\r\n").get(Fields.ID)).isEqualTo("a=b\u00e9");
    assertThat(MessageCodec.decode("PING id=%41").get(Fields.ID)).isEqualTo("A");
    assertThat(MessageCodec.decode("PONG").size()).isZero();
    assertThat(MessageCodec.decode("PING id=").get(Fields.ID)).isEmpty();
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
        Arguments.of("HELLO v=1 app=a%2", "BAD_MESSAGE", "bad escape in value of app at column 16"),
        Arguments.of("HELLO v=1 app=a%zz", "BAD_MESSAGE", "bad escape in value of app"),
        Arguments.of("HELLO v=1 app=%", "BAD_MESSAGE", "bad escape in value of app"),
        Arguments.of("HELLO v=1 app=%C3", "BAD_MESSAGE", "not valid UTF-8"),
        Arguments.of("HELLO v=1 app=%FF", "BAD_MESSAGE", "not valid UTF-8"),
        Arguments.of("HELLO v=1 app=a=b", "BAD_MESSAGE", "raw '=' at column 16"),
        Arguments.of("HELLO v=1 app=a\tb", "BAD_MESSAGE", "raw control character U+0009"),
        Arguments.of("HELLO v=1 app=a\rb", "BAD_MESSAGE", "raw control character U+000D"),
        Arguments.of("HELLO v=1 app=a\nb", "BAD_MESSAGE", "raw control character U+000A"),
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
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(detail);
  }

  @Test
  void refusesUnpairedSurrogateInRawText() {
    assertThatThrownBy(() -> MessageCodec.decode("PING id=a\uDC00"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
        .hasMessageContaining("unpaired surrogate U+DC00");
  }

  @Test
  void lineBoundIsExactly4096BytesIncludingNewline() throws Exception {
    String prefix = "PING id=";
    String fits = prefix + "x".repeat(4095 - prefix.length());
    assertThat(MessageCodec.decode(fits + "\n").get(Fields.ID)).hasSize(4095 - prefix.length());
    assertThat(MessageCodec.decode(fits).get(Fields.ID)).hasSize(4095 - prefix.length());
    assertThatThrownBy(() -> MessageCodec.decode(fits + "x\n"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
    // Counted in UTF-8 bytes, not chars: 2 bytes per e-acute.
    String wide = prefix + "\u00e9".repeat((4095 - prefix.length()) / 2) + "xx";
    assertThat(wide.getBytes(StandardCharsets.UTF_8)).hasSize(4096);
    assertThatThrownBy(() -> MessageCodec.decode(wide))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("LINE_TOO_LONG"));
  }

  @Test
  void encoderRefusesWhatTheDecoderWouldRefuse() {
    Message tooLong = Message.of(MessageTypes.PING).with(Fields.ID, " ".repeat(1400));
    assertThatThrownBy(() -> MessageCodec.encode(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PING line is 4209 bytes, over the 4096-byte limit");
    assertThatThrownBy(() -> MessageCodec.encode(Message.of(MessageTypes.READY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("READY lacks required field version");
    assertThatThrownBy(() -> MessageCodec.encode(Message.of("NOPE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown message type NOPE");
    assertThatThrownBy(() -> Message.of("ready")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Message.of(MessageTypes.READY).with("Version", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Message.of(MessageTypes.READY).with("version", "1").with("version", "2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field version is already set in READY");
  }

  @Test
  void typedAccessorsRefuseNonNumbers() throws Exception {
    Message m = MessageCodec.decode("STATE state=LOCKING waited_ms=soon");
    assertThatThrownBy(() -> m.requireLong(Fields.WAITED_MS))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo("BAD_MESSAGE"))
        .hasMessage("STATE field waited_ms is not an integer: 'soon'");
    assertThatThrownBy(() -> m.getLong(Fields.WAITED_MS, 0))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> m.requireLong(Fields.STEP))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("STATE lacks required field step");
    assertThat(m.toString()).isEqualTo("STATE state=LOCKING waited_ms=soon");
  }

  @Test
  void clipKeepsEncodedTextWithinBudget() {
    assertThat(MessageCodec.clip("short", 10)).isEqualTo("short");
    assertThat(MessageCodec.clip("exactly10!", 10)).isEqualTo("exactly10!");
    // The space costs 3 encoded bytes, so "eleven" (6) plus "..." (3) is all that fits in 10.
    assertThat(MessageCodec.clip("eleven chars", 10)).isEqualTo("eleven...");
    // Spaces cost 3 encoded bytes each: "a%20b" is 5, so only "a" and "..." fit in 6.
    assertThat(MessageCodec.clip("a b c d", 6)).isEqualTo("a...");
    // A surrogate pair is never split.
    assertThat(MessageCodec.clip("ab\uD83D\uDE00cdefgh", 7)).isEqualTo("ab...");
    String huge = Messages.failed("MIGRATION_FAILED", "f".repeat(5000), 1, "\n".repeat(5000), " ".repeat(5000))
        .toString();
    assertThat(huge.getBytes(StandardCharsets.UTF_8).length).isLessThan(MessageCodec.MAX_LINE_BYTES);
  }
}
