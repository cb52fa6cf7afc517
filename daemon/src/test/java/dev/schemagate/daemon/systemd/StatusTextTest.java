package dev.schemagate.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.Messages;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    static String status(Phase phase, Message message, String failure) {
        return StatusText.of(new GateState(1, phase, null, null, message, failure));
    }

    @Test
    void lockingShowsTheWaitTheAttemptAndTheHolderWhenKnown() {
        assertThat(status(Phase.LOCKING, Messages.locking(1200, 3, "pid 4242 (java -jar app.jar)"), null))
                .isEqualTo("LOCKING: waiting for the database write lock (waited 1200 ms, attempt 3, held by pid 4242"
                        + " (java -jar app.jar))");
        assertThat(status(Phase.LOCKING, Messages.locking(50, 1, null), null))
                .isEqualTo("LOCKING: waiting for the database write lock (waited 50 ms, attempt 1)");
    }

    @Test
    void failedWithoutAStructuredMessageUsesTheFailureTextOnOneLineAndClipped() {
        assertThat(status(Phase.FAILED, Messages.starting(), "line one\n  line two\r\nthree"))
                .isEqualTo("FAILED: line one line two three");
        String clipped = status(Phase.FAILED, Messages.starting(), "x".repeat(5000));
        assertThat(clipped).hasSize(StatusText.MAX_CHARS).endsWith("xx...");
    }

    @Test
    void failedWithCodeAndAction() {
        assertThat(status(
                        Phase.FAILED,
                        Messages.failed("LOCK_TIMEOUT", null, -1, "lock not acquired", "stop pid 9"),
                        "ignored"))
                .isEqualTo("FAILED (LOCK_TIMEOUT): lock not acquired Action: stop pid 9");
    }
}
