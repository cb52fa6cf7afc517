package dev.schemagate.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import dev.schemagate.protocol.Messages;
import org.junit.jupiter.api.Test;

/**
 * The state gauge follows the newest state by sequence: the migration thread and the SIGHUP thread both broadcast,
 * so a listener can be handed an older state after a newer one. Here that order is made certain by delivering it.
 */
class DaemonMetricsOrderTest {
    @Test
    void anOlderStateArrivingAfterANewerOneDoesNotTurnTheGaugeBack() {
        try (DaemonMetrics metrics = new DaemonMetrics()) {
            GateState locking = new GateState(7, Phase.LOCKING, null, null, Messages.locking(0, -1, null), null);
            GateState ready = new GateState(8, Phase.READY, null, null, Messages.ready("1", 1), null);
            metrics.changed(ready);
            metrics.changed(locking); // the SIGHUP thread's broadcast, overtaken by the migration thread's
            assertThat(metrics.stateValue(Phase.READY)).isEqualTo(1);
            assertThat(metrics.stateValue(Phase.LOCKING)).isEqualTo(0);
        }
    }
}
