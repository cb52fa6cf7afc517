package dev.schemagate.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MetricsAddressTest {
    @Test
    void parsesHostPortIpv6AndOff() {
        assertThat(MetricsAddress.parse("127.0.0.1:9464")).hasValue(new InetSocketAddress("127.0.0.1", 9464));
        assertThat(MetricsAddress.parse(" [::1]:0 ")).hasValue(new InetSocketAddress("::1", 0));
        assertThat(MetricsAddress.parse("off")).isEmpty();
        assertThat(MetricsAddress.parse("OFF")).isEmpty();
        assertThat(MetricsAddress.DEFAULT).isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
    }

    @Test
    void refusesWhatIsNotHostPort() {
        for (String bad : new String[] {
            "9464", ":9464", "localhost:", "host:port", "h:70000", "h:-1", "::1:9464", "h:\u0669\u0660", "h:+80"
        }) {
            assertThatThrownBy(() -> MetricsAddress.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "expected HOST:PORT (such as 127.0.0.1:9464 or [::1]:9464, port 0 to 65535)" + " or off");
        }
    }
}
