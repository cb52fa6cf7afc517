package dev.schemagate.agent;

/**
 * The patterns of the {@code skip=} and {@code gate=} options: {@code *} matches any run of characters
 * (dots and slashes included), {@code ?} one character, everything else itself, case-sensitively. Several
 * patterns are separated by {@code ;}, because {@code ,} already separates the agent's options.
 */
final class Glob {

    /** Separates patterns in one option value; part of the contract (README). */
    static final char SEPARATOR = ';';

    private Glob() {}

    /** The patterns of {@code list}, blanks trimmed; an empty item stays empty so that validation can name it. */
    static String[] split(String list) {
        int count = 1;
        for (int i = 0; i < list.length(); i++) {
            if (list.charAt(i) == SEPARATOR) {
                count++;
            }
        }
        String[] globs = new String[count];
        int start = 0;
        for (int n = 0; n < count; n++) {
            int end = list.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = list.length();
            }
            globs[n] = list.substring(start, end).trim();
            start = end + 1;
        }
        return globs;
    }

    /** Whether {@code glob} matches the whole of {@code text}. */
    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int starAt = -1;
        int starText = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starAt = g++;
                starText = t;
            } else if (starAt >= 0) {
                // Let the last star swallow one more character and try again from there.
                g = starAt + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
