package dev.schemagate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    static String format(boolean journal, Level level, String message) {
        return new LogSetup.OneLine(journal).format(new LogRecord(level, message));
    }

    @Test
    void underJournaldEveryLineStartsWithItsSyslogPriority() {
        assertThat(format(true, Level.SEVERE, "boom")).isEqualTo("<3>schemagate ERROR: boom\n");
        assertThat(format(true, Level.WARNING, "careful")).isEqualTo("<4>schemagate WARN: careful\n");
        assertThat(format(true, Level.INFO, "hello")).isEqualTo("<6>schemagate INFO: hello\n");
        assertThat(format(true, Level.FINE, "detail")).isEqualTo("<7>schemagate DEBUG: detail\n");
        assertThat(format(true, Level.SEVERE, "failed\n  statement: X\r\nAction: fix"))
                .isEqualTo("<3>schemagate ERROR: failed\n<3>  statement: X\n<3>Action: fix\n");
    }

    @Test
    void elsewhereLinesHaveNoPrefix() {
        assertThat(format(false, Level.WARNING, "careful"))
                .isEqualTo("schemagate WARN: careful" + System.lineSeparator());
    }
}
