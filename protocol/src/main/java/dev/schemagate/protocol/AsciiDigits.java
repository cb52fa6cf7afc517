package dev.schemagate.protocol;

/**
 * Whole numbers as people and the wire write them: ASCII digits, an optional leading minus.
 *
 * <p>Why not {@link Long#parseLong} alone: it accepts every Unicode script's digits ({@code "\u0664\u0662"} is 42)
 * and a leading {@code +}, so a uid, a port or a duration typed in another script would silently become a
 * number nobody wrote. Everything here refuses those first, then delegates for the range check.
 */
public final class AsciiDigits {
    private AsciiDigits() {}

    /** True when the text is one or more of {@code 0-9}, nothing else. */
    public static boolean isDigits(CharSequence text) {
        if (text.length() == 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A long of ASCII digits with an optional leading {@code -}; NumberFormatException otherwise or out of range. */
    public static long parseLong(String text) {
        checkForm(text);
        return Long.parseLong(text);
    }

    /** An int of ASCII digits with an optional leading {@code -}; NumberFormatException otherwise or out of range. */
    public static int parseInt(String text) {
        checkForm(text);
        return Integer.parseInt(text);
    }

    private static void checkForm(String text) {
        String digits = text.startsWith("-") ? text.substring(1) : text;
        if (!isDigits(digits)) {
            throw new NumberFormatException("not a whole number in ASCII digits: '" + text + "'");
        }
    }
}
