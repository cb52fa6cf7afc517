package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Version negotiation picks the highest common version and refuses malformed offers. */
class ProtocolVersionTest {

    @ParameterizedTest(name = "v={0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1      | 1",
                "1,2    | 1",
                "2,1    | 1",
                "2      | -1",
                "0      | -1",
                "1,,2   | -1",
                "1,     | -1",
                "''     | -1",
                "x      | -1",
                "99999  | -1",
                "01     | 1"
            })
    void negotiates(String offered, int chosen) {
        assertThat(ProtocolVersion.negotiate(offered)).isEqualTo(chosen);
    }
}
