package dev.schemagate.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalStreamTest {
    @Test
    void onlyWhenJournalStreamNamesThisProcesssStderr() throws Exception {
        Path stderr = Path.of("/proc/self/fd/2");
        long dev = ((Number) Files.getAttribute(stderr, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(stderr, "unix:ino")).longValue();
        assertThat(JournalStream.isStderr(Map.of("JOURNAL_STREAM", dev + ":" + ino)))
                .isTrue();
        assertThat(JournalStream.isStderr(Map.of("JOURNAL_STREAM", dev + ":" + (ino + 1))))
                .isFalse();
        assertThat(JournalStream.isStderr(Map.of("JOURNAL_STREAM", ""))).isFalse();
        assertThat(JournalStream.isStderr(Map.of())).isFalse();
    }

    @Test
    void matchesDeviceAndInodeInDecimal() {
        assertThat(JournalStream.matches("8:12345", 8, 12345)).isTrue();
        assertThat(JournalStream.matches("8:12345", 9, 12345)).isFalse();
    }
}
