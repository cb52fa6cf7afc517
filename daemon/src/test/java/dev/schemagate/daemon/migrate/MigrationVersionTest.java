package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationVersionTest {

    @Test
    void comparesPartsNumericallyNotLexically() {
        List<MigrationVersion> versions = new ArrayList<>();
        for (String v : List.of("10.1", "2", "10", "1.10", "1.9", "1_2", "100", "999", "1000")) {
            versions.add(MigrationVersion.parse(v));
        }
        versions.sort(null);
        assertThat(versions)
                .extracting(Object::toString)
                .containsExactly("1.2", "1.9", "1.10", "2", "10", "10.1", "100", "999", "1000");
    }

    @Test
    void trailingZerosAndLeadingZerosDoNotMakeADifferentVersion() {
        assertThat(MigrationVersion.parse("1.0")).isEqualTo(MigrationVersion.parse("1"));
        assertThat(MigrationVersion.parse("1.0")).hasSameHashCodeAs(MigrationVersion.parse("1"));
        assertThat(MigrationVersion.parse("007")).isEqualTo(MigrationVersion.parse("7"));
        assertThat(MigrationVersion.parse("007_1").toString()).isEqualTo("7.1");
        assertThat(MigrationVersion.parse("1.1")).isNotEqualTo(MigrationVersion.parse("1.01.1"));
    }

    @Test
    void handlesVersionsBeyondLong() {
        assertThat(MigrationVersion.parse("20261125143000123456789"))
                .isGreaterThan(MigrationVersion.parse("9223372036854775807"));
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        for (String bad : List.of("", "a", "1..2", ".1", "1.", "1-2", "1 2", "v1", "1.2a")) {
            assertThat(MigrationVersion.parseOrNull(bad)).as(bad).isNull();
        }
        assertThatThrownBy(() -> MigrationVersion.parse("1-2"))
                .hasMessageContaining("'1-2' is not a version")
                .hasMessageContaining("10.1");
    }
}
