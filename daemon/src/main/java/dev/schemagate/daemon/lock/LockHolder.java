package dev.schemagate.daemon.lock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** A process that holds a lock, as named in lock-timeout errors: {@code pid 4242 (sqlite3 /tmp/app.db)}. */
public record LockHolder(long pid, String commandLine) {

    static final String UNKNOWN_COMMAND = "unknown command";
    static final int MAX_COMMAND_LINE = 200;

    /** Requires a command line; use {@link #of(long)} to read it from /proc. */
    public LockHolder {
        Objects.requireNonNull(commandLine, "commandLine");
    }

    /** The holder with pid {@code pid}, its command line read from /proc/PID/cmdline where readable. */
    public static LockHolder of(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        // Read only a bounded prefix: a command line can be megabytes and we show 200 characters.
        try (InputStream in = Files.newInputStream(cmdline)) {
            return new LockHolder(pid, commandLineFrom(in.readNBytes(MAX_COMMAND_LINE * 4)));
        } catch (IOException | SecurityException e) {
            // The holder may have exited since /proc/locks was read, or /proc may be mounted hidepid.
            return new LockHolder(pid, UNKNOWN_COMMAND);
        }
    }

    /** Turns raw /proc/PID/cmdline bytes into one short printable line. */
    static String commandLineFrom(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        // NULs separate arguments; other control characters would break a one-line error message.
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String line = sb.toString().trim();
        if (line.isEmpty()) {
            return UNKNOWN_COMMAND;
        }
        if (line.codePointCount(0, line.length()) > MAX_COMMAND_LINE) {
            return line.substring(0, line.offsetByCodePoints(0, MAX_COMMAND_LINE)) + "...";
        }
        return line;
    }

    /** {@code pid 4242 (sqlite3 /tmp/app.db)}. */
    public String describe() {
        return "pid " + pid + " (" + commandLine + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
