package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as users type them. */
class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "500ms,500",
        "1ms,1",
        "30s,30000",
        "2m,120000",
        "1h,3600000",
        "120s,120000",
        "999999999999ms,999999999999"
    })
    void parses(String text, long millis) {
        assertThat(DurationText.parseMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "10", "ms", "1.5s", "-1s", "0s", "0ms", "10 s", " 10s", "1S", "1d", "1sec", "1000000000000ms"
            })
    void rejects(String text) {
        assertThat(DurationText.parseMillis(text)).isEqualTo(-1L);
    }

    @ParameterizedTest
    @CsvSource({"120000,2m", "30000,30s", "1500,1500ms", "500,500ms", "0,0ms"})
    void formats(long millis, String text) {
        assertThat(DurationText.format(millis)).isEqualTo(text);
    }
}
