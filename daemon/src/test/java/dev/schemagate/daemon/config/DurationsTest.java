package dev.schemagate.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @ValueSource(strings = {"500ms", "30s", "2m", "1h", " 30s "})
    void readsAsciiAmountsWithAUnit(String text) {
        assertThat(Durations.parseOrNull(text)).isNotNull();
        assertThat(Durations.parseOrNull("30s")).isEqualTo(Duration.ofSeconds(30));
    }

    /** Character.isDigit and Long.parseLong accept any script's digits: "٣٠s" must not silently mean 30s. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0663\u0660s", "\uff13\uff10s", "3\u0660s", "+30s", "30", "s", "-1s", "1d", ""})
    void refusesWhatIsNotAnAsciiNumberAndAUnit(String text) {
        assertThat(Durations.parseOrNull(text)).isNull();
    }
}
