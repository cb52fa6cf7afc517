package dev.schemagate.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns {@link Message}s into wire lines and back, enforcing the grammar in {@code PROTOCOL.md}.
 *
 * <p>A line is {@code TYPE} then zero or more {@code " key=value"}; a value is written raw except
 * for space, {@code %}, {@code =} and control characters (C0, DEL, C1), which become {@code %XX}
 * per UTF-8 byte. The encoder's output is canonical (upper-case hex, only those characters
 * escaped) so that golden files compare byte for byte; the decoder also accepts lower-case hex
 * and escapes of any byte, since people type these lines by hand.
 */
public final class MessageCodec {

  /** The most bytes a line may have, counting its {@code \n}; part of the contract. */
  public static final int MAX_LINE_BYTES = 4096;

  private static final char[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'
  };
  private static final String[] NO_FIELDS = new String[0];
  private static final String[] REQ_V = {Fields.V};
  private static final String[] REQ_WELCOME = {Fields.V, Fields.DAEMON};
  private static final String[] REQ_STATE = {Fields.STATE};
  private static final String[] REQ_READY = {Fields.VERSION};
  private static final String[] REQ_CODE_MESSAGE = {Fields.CODE, Fields.MESSAGE};
  private static final String[] REQ_WAITING = {Fields.REASON};

  private MessageCodec() {}

  /**
   * The wire form of a message, ending in {@code \n}, ready to be written as UTF-8.
   *
   * @throws IllegalArgumentException if the type is not a version 1 type, a required field is
   *     missing, or the line would exceed {@link #MAX_LINE_BYTES}: all sender bugs
   */
  public static String encode(Message m) {
    String[] required = requiredFields(m.type());
    if (required == null) {
      throw new IllegalArgumentException("unknown message type " + m.type());
    }
    for (String key : required) {
      if (!m.has(key)) {
        throw new IllegalArgumentException(m.type() + " lacks required field " + key);
      }
    }
    StringBuilder sb = new StringBuilder(64);
    appendLine(sb, m);
    sb.append('\n');
    String line = sb.toString();
    int bytes = utf8Length(line, 0, line.length());
    if (bytes > MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          m.type() + " line is " + bytes + " bytes, over the " + MAX_LINE_BYTES + "-byte limit");
    }
    return line;
  }

  /**
   * Parses one line, with or without its {@code \n} or {@code \r\n}.
   *
   * @throws ProtocolException LINE_TOO_LONG over {@link #MAX_LINE_BYTES}; BAD_MESSAGE for an
   *     empty line, a type that is not a known upper-case word, a field without {@code =}, a bad
   *     key, a duplicate key, a raw control character, {@code =} or bad escape in a value, or a
   *     missing required field
   */
  public static Message decode(String line) throws ProtocolException {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\n') {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == '\r') {
      end--;
    }
    if (end * 3 >= MAX_LINE_BYTES && utf8Length(line, 0, end) + 1 > MAX_LINE_BYTES) {
      throw new ProtocolException(
          ErrorCodes.LINE_TOO_LONG, "line exceeds " + MAX_LINE_BYTES + " bytes including its newline");
    }
    if (end == 0) {
      throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "empty line; expected a message such as HELLO v=1");
    }
    int sp = line.indexOf(' ');
    int typeEnd = sp < 0 || sp > end ? end : sp;
    String type = line.substring(0, typeEnd);
    String[] required = requiredFields(type);
    if (required == null) {
      throw new ProtocolException(ErrorCodes.BAD_MESSAGE, describeBadType(type));
    }
    int count = 0;
    for (int i = typeEnd; i < end; i++) {
      if (line.charAt(i) == ' ') {
        count++;
      }
    }
    String[] keys = count == 0 ? NO_FIELDS : new String[count];
    String[] values = count == 0 ? NO_FIELDS : new String[count];
    int pos = typeEnd + 1;
    for (int f = 0; f < count; f++) {
      int next = line.indexOf(' ', pos);
      int tokenEnd = next < 0 || next > end ? end : next;
      if (tokenEnd == pos) {
        throw new ProtocolException(
            ErrorCodes.BAD_MESSAGE, "empty field at column " + (pos + 1) + "; separate fields by exactly one space");
      }
      int eq = line.indexOf('=', pos);
      if (eq < 0 || eq >= tokenEnd) {
        throw new ProtocolException(
            ErrorCodes.BAD_MESSAGE, "field without '=': '" + line.substring(pos, tokenEnd) + "'");
      }
      if (!isKeyWord(line, pos, eq)) {
        throw new ProtocolException(
            ErrorCodes.BAD_MESSAGE, "bad field key '" + line.substring(pos, eq) + "'; keys match [a-z][a-z0-9_]*");
      }
      String key = line.substring(pos, eq);
      for (int k = 0; k < f; k++) {
        if (keys[k].equals(key)) {
          throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "duplicate field " + key + " in " + type);
        }
      }
      keys[f] = key;
      values[f] = unescape(line, eq + 1, tokenEnd, key);
      pos = tokenEnd + 1;
    }
    Message m = new Message(type, keys, values);
    for (String key : required) {
      m.require(key);
    }
    return m;
  }

  /** The line without newline and without validation; used by {@link Message#toString()}. */
  static String format(Message m) {
    StringBuilder sb = new StringBuilder(64);
    appendLine(sb, m);
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, Message m) {
    sb.append(m.type());
    for (int i = 0; i < m.size(); i++) {
      sb.append(' ').append(m.key(i)).append('=');
      escape(sb, m.value(i));
    }
  }

  /**
   * Cuts free text so that its escaped form fits in {@code maxEncodedBytes}, ending a cut value
   * with {@code ...}; senders use it on texts they do not control (SQLite messages, lock holders)
   * so that a long text shortens the line instead of making {@link #encode} throw.
   */
  public static String clip(String value, int maxEncodedBytes) {
    int cost = 0;
    int keep = -1;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int n;
      if (isPairAt(value, i, value.length())) {
        n = 4;
      } else if (Character.isSurrogate(c)) {
        n = 9;
      } else if (needsEscape(c)) {
        n = c < 0x80 ? 3 : 6;
      } else {
        n = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      if (keep < 0 && cost + n > maxEncodedBytes - 3) {
        keep = i;
      }
      cost += n;
      if (cost > maxEncodedBytes) {
        return value.substring(0, keep) + "...";
      }
      if (n == 4) {
        i++;
      }
    }
    return value;
  }

  /** Appends {@code value} escaped; a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD. */
  static void escape(StringBuilder sb, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          sb.append(c).append(value.charAt(++i));
        } else {
          sb.append("%EF%BF%BD");
        }
      } else if (!needsEscape(c)) {
        sb.append(c);
      } else if (c < 0x80) {
        appendByte(sb, c);
      } else {
        // C1 controls U+0080..U+009F: two UTF-8 bytes, C2 then the code point itself.
        appendByte(sb, 0xC2);
        appendByte(sb, c);
      }
    }
  }

  private static void appendByte(StringBuilder sb, int b) {
    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
  }

  /** Characters the encoder never writes raw and the decoder rejects raw. */
  private static boolean needsEscape(char c) {
    return c <= ' ' || c == '%' || c == '=' || (c >= 0x7F && c <= 0x9F);
  }

  private static String unescape(String s, int from, int to, String key) throws ProtocolException {
    boolean escaped = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        escaped = true;
      } else if (needsEscape(c) || (Character.isSurrogate(c) && !isPairAt(s, i, to))) {
        throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "value of " + key + " has a raw " + describeChar(c)
            + " at column " + (i + 1) + "; write it as %XX");
      } else if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    if (!escaped) {
      return s.substring(from, to);
    }
    // Escapes name UTF-8 bytes, so collect bytes and decode them strictly at the end.
    ByteBuffer bytes = ByteBuffer.allocate((to - from) * 3);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < to ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "bad escape in value of " + key + " at column "
              + (i + 1) + ": '%' must be followed by two hex digits");
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else if (c < 0x800) {
        bytes.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        bytes.put((byte) (0xF0 | cp >> 18)).put((byte) (0x80 | (cp >> 12 & 0x3F)));
        bytes.put((byte) (0x80 | (cp >> 6 & 0x3F))).put((byte) (0x80 | (cp & 0x3F)));
      } else {
        bytes.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | (c >> 6 & 0x3F)));
        bytes.put((byte) (0x80 | (c & 0x3F)));
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException(
          ErrorCodes.BAD_MESSAGE, "bad escape in value of " + key + ": the %XX bytes are not valid UTF-8");
    }
  }

  private static boolean isPairAt(String s, int i, int to) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1));
  }

  private static String describeChar(char c) {
    if (c == ' ' || c == '=') {
      return "'" + c + "'";
    }
    String hex = Integer.toHexString(c | 0x10000).substring(1).toUpperCase(Locale.ROOT);
    return (Character.isSurrogate(c) ? "unpaired surrogate U+" : "control character U+") + hex;
  }

  private static String describeBadType(String type) {
    if (type.isEmpty()) {
      return "line starts with a space; expected a message type such as HELLO";
    }
    String upper = type.toUpperCase(Locale.ROOT);
    if (!upper.equals(type) && requiredFields(upper) != null) {
      return "message type must be upper case: '" + type + "'; write " + upper;
    }
    return "unknown message type '" + type + "'";
  }

  /** The required keys of a version 1 type, or null for an unknown type. */
  private static String[] requiredFields(String type) {
    switch (type) {
      case MessageTypes.HELLO:
        return REQ_V;
      case MessageTypes.WELCOME:
        return REQ_WELCOME;
      case MessageTypes.STATE:
        return REQ_STATE;
      case MessageTypes.READY:
        return REQ_READY;
      case MessageTypes.FAILED:
      case MessageTypes.ERROR:
        return REQ_CODE_MESSAGE;
      case MessageTypes.WAITING:
        return REQ_WAITING;
      case MessageTypes.PING:
      case MessageTypes.PONG:
        return NO_FIELDS;
      default:
        return null;
    }
  }

  static boolean isTypeWord(String s, int from, int to) {
    if (from >= to || s.charAt(from) < 'A' || s.charAt(from) > 'Z') {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static boolean isKeyWord(String s, int from, int to) {
    if (from >= to || s.charAt(from) < 'a' || s.charAt(from) > 'z') {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** UTF-8 length of {@code s[from, to)}, counting each surrogate as 2 so that a pair counts 4. */
  static int utf8Length(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }
}
