package dev.schemagate.protocol;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The state file: the daemon's phase published beside its socket, so that a worker starting while the daemon is
 * READY (the common case), or about to be, learns it with plain file I/O instead of paying for the JDK's Unix-socket
 * client (about 35 ms of a cold JVM's start, most of it {@code SecureRandom} seeding in the socket classes).
 *
 * <p>One line: {@code READY version=V pid=P start=S}, or {@code <STATE> pid=P start=S} for the other states
 * (STARTING, LOCKING, MIGRATING, FAILED), where {@code S} is the process's start time from field 22 of
 * {@code /proc/P/stat}, so a reused pid is never mistaken for the daemon. The daemon replaces it, by rename, on every
 * change of state (a reload replaces READY with LOCKING before its run starts) and deletes it when it stops. See
 * PROTOCOL.md, "The state file", for the rules a reader must apply before trusting it.
 *
 * @param state STARTING, LOCKING, MIGRATING, READY or FAILED
 * @param version the schema version when READY, as READY's {@code version} field carries it; else null
 * @param pid the daemon's process id
 * @param startTime the daemon's start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22)
 */
public record StateFile(String state, String version, long pid, long startTime) {

    /** The file's name: the socket's name plus this suffix, in the socket's folder. */
    public static final String SUFFIX = ".state";

    /** A READY file. */
    public static StateFile ready(String version, long pid, long startTime) {
        return new StateFile(MessageTypes.READY, version, pid, startTime);
    }

    /** Where the state file of the daemon listening on {@code socket} lives. */
    public static Path pathFor(Path socket) {
        return socket.resolveSibling(socket.getFileName() + SUFFIX);
    }

    /** True when this file says READY. */
    public boolean isReady() {
        return MessageTypes.READY.equals(state);
    }

    /** The file's one line, ending in LF. */
    public String format() {
        return state + (version == null ? "" : " version=" + version) + " pid=" + pid + " start=" + startTime + "\n";
    }

    /**
     * Parses the file's text.
     *
     * @return the record, or null when the text is not exactly one well-formed line
     */
    public static StateFile parse(String text) {
        if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
            return null;
        }
        String[] parts = text.substring(0, text.length() - 1).split(" ", -1);
        boolean ready = parts.length == 4 && parts[0].equals(MessageTypes.READY);
        if (!(ready || (parts.length == 3 && isOtherState(parts[0])))) {
            return null;
        }
        String version = null;
        if (ready) {
            if (!parts[1].startsWith("version=")) {
                return null;
            }
            version = parts[1].substring("version=".length());
            if (SchemaVersion.parseOrNull(version) == null) {
                return null;
            }
        }
        String pidPart = parts[parts.length - 2];
        String startPart = parts[parts.length - 1];
        if (!pidPart.startsWith("pid=") || !startPart.startsWith("start=")) {
            return null;
        }
        long pid = digits(pidPart.substring("pid=".length()));
        long start = digits(startPart.substring("start=".length()));
        return pid <= 0 || start < 0 ? null : new StateFile(parts[0], version, pid, start);
    }

    private static boolean isOtherState(String s) {
        return s.equals(States.STARTING)
                || s.equals(States.LOCKING)
                || s.equals(States.MIGRATING)
                || s.equals(MessageTypes.FAILED);
    }

    /**
     * True when this READY file's version is at least {@code requires}, in {@link SchemaVersion}'s order (the one the
     * daemon uses). False for another state or a requires that is not a version, so the caller asks the daemon, which
     * explains the mistake.
     */
    public boolean satisfies(String requires) {
        SchemaVersion have = version == null ? null : SchemaVersion.parseOrNull(version);
        SchemaVersion want = requires == null ? null : SchemaVersion.parseOrNull(requires);
        return have != null && want != null && have.compareTo(want) >= 0;
    }

    /**
     * The start time of process {@code pid} (field 22 of {@code /proc/<pid>/stat}), or -1 when there is no such
     * process or it cannot be read. The command name (field 2) may hold spaces and parentheses, so fields are
     * counted from its last {@code ')'}.
     */
    public static long startTimeOf(long pid) {
        String stat;
        try {
            stat = readSmall(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        // After ")": field 3 (state) is the first; field 22 is the 20th.
        String[] fields = stat.substring(close + 1).trim().split(" ");
        return fields.length < 20 ? -1 : digits(fields[19]);
    }

    /** The most {@link #readSmall} reads: far more than a state file or a {@code /proc/<pid>/stat} line holds. */
    public static final int SMALL_FILE_MAX = 4096;

    /**
     * A small file's text (UTF-8); an IOException when it holds more than {@link #SMALL_FILE_MAX} bytes. A {@code
     * FileInputStream}, not {@code Files.readAllBytes}: in an agent's cold JVM the latter loads some
     * 25 file-channel classes from outside the JDK's class-data archive, a few milliseconds of every worker's start.
     */
    public static String readSmall(Path file) throws IOException {
        try (InputStream in = new FileInputStream(file.toFile())) {
            byte[] bytes = in.readNBytes(SMALL_FILE_MAX + 1);
            if (bytes.length > SMALL_FILE_MAX) {
                throw new IOException(file + " holds more than " + SMALL_FILE_MAX + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
