package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Messages;
import org.junit.jupiter.api.Test;

/** The words progress lines and reasons use for the daemon's messages. */
class StateTextTest {

    @Test
    void states() {
        assertThat(StateText.describe(Messages.starting())).isEqualTo("daemon is STARTING");
        assertThat(StateText.describe(Messages.locking(1200, 3, "pid 4242 (java -jar app.jar)")))
                .isEqualTo("daemon is LOCKING (waiting for the database write lock for 1200 ms,"
                        + " held by pid 4242 (java -jar app.jar))");
        assertThat(StateText.describe(Messages.locking(0, -1, null)))
                .isEqualTo("daemon is LOCKING (waiting for the database write lock for 0 ms)");
        assertThat(StateText.describe(Messages.migrating(2, 5, "V2__x.sql", "2")))
                .isEqualTo("daemon is MIGRATING step 2 of 5 (V2__x.sql)");
    }

    @Test
    void waiting() {
        assertThat(StateText.describeWaiting(Messages.waiting(ErrorCodes.REQUIRES_UNKNOWN, "9", null)))
                .isEqualTo("daemon has no version 9 yet (newest: unknown); waiting for that migration to be deployed"
                        + " and the daemon reloaded");
        assertThat(StateText.describeWaiting(Messages.waiting("SOMETHING_NEW", null, null)))
                .isEqualTo("daemon says WAITING SOMETHING_NEW");
    }

    @Test
    void failedTextIsOneLineEvenWithControlCharacters() {
        String text = StateText.describeFailed(Messages.failed(
                ErrorCodes.LOCK_TIMEOUT,
                null,
                -1,
                "Failed to acquire migration lock\\nafter 10 attempts\r\n\u0085end",
                "kill pid 4242"));

        assertThat(text)
                .isEqualTo("schema migration failed: LOCK_TIMEOUT: Failed to acquire migration lock\\nafter 10"
                        + " attempts   end; action: kill pid 4242");
    }
}
