package dev.schemagate.protocol;

/** The protocol versions this build speaks, and the rule that picks one during the HELLO exchange. */
public final class ProtocolVersion {

    /** The version this build speaks and offers in HELLO; part of the contract. */
    public static final int CURRENT = 1;

    /** The oldest version a daemon of this build still accepts; part of the contract. */
    public static final int MIN_SUPPORTED = 1;

    private ProtocolVersion() {}

    /**
     * Picks the highest version that both the client offered and this build supports.
     *
     * @param offered the HELLO {@code v} value: one version or a comma-separated list such as {@code 1,2}
     * @return the chosen version, or -1 when there is none in common or the list is malformed
     */
    public static int negotiate(String offered) {
        int best = -1;
        int start = 0;
        int len = offered.length();
        // A hand-written split: String.split would compile a regex in the agent's start-up path.
        while (start <= len) {
            int comma = offered.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            int v = parseVersion(offered, start, end);
            if (v < 0) {
                return -1;
            }
            if (v >= MIN_SUPPORTED && v <= CURRENT && v > best) {
                best = v;
            }
            start = end + 1;
        }
        return best;
    }

    private static int parseVersion(String s, int start, int end) {
        if (end == start || end - start > 4) {
            return -1;
        }
        int v = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
