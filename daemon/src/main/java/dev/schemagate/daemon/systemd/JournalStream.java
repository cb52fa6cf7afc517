package dev.schemagate.daemon.systemd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Tells whether stderr is connected to journald, so log lines may carry syslog priority prefixes. */
public final class JournalStream {
    private JournalStream() {}

    /**
     * True when {@code JOURNAL_STREAM} ("device:inode") names this process's stderr. systemd advises comparing it:
     * a child whose stderr was redirected inherits the variable but must not print prefixes into a file.
     */
    public static boolean isStderr(Map<String, String> env) {
        String value = env.get("JOURNAL_STREAM");
        if (value == null || value.isEmpty()) {
            return false;
        }
        try {
            Path stderr = Path.of("/proc/self/fd/2");
            long dev = ((Number) Files.getAttribute(stderr, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(stderr, "unix:ino")).longValue();
            return matches(value, dev, ino);
        } catch (IOException | RuntimeException e) {
            // No /proc: trust the variable, as most services do.
            return true;
        }
    }

    /** Whether a {@code JOURNAL_STREAM} value names the file with {@code dev} and {@code ino}. */
    static boolean matches(String journalStream, long dev, long ino) {
        return journalStream.trim().equals(Long.toUnsignedString(dev) + ":" + Long.toUnsignedString(ino));
    }
}
