package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one ordering of schema versions, shared by the daemon's migration files and the agent's requires= check. */
class SchemaVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.10                    | >  | 1.9",
                "10                      | >  | 9",
                "10.1                    | >  | 10",
                "2                       | <  | 10",
                "1_2                     | =  | 1.2",
                "1.0                     | =  | 1",
                "1.0.0                   | =  | 1",
                "007                     | =  | 7",
                "1.01.1                  | >  | 1.1",
                "0                       | =  | 0.0",
                "0                       | <  | 0.1",
                "20261125143000123456789 | >  | 9223372036854775807",
                "99999999999999999999    | <  | 100000000000000000000",
                "5.2                     | >  | 5.1.99",
                "4                       | <  | 5"
            })
    void compares(String left, String relation, String right) {
        SchemaVersion a = SchemaVersion.parse(left);
        SchemaVersion b = SchemaVersion.parse(right);
        int expected = relation.equals("<") ? -1 : relation.equals(">") ? 1 : 0;
        assertThat(a.compareTo(b)).isEqualTo(expected);
        assertThat(b.compareTo(a)).isEqualTo(-expected);
        assertThat(a.equals(b)).isEqualTo(expected == 0);
        if (expected == 0) {
            assertThat(a).hasSameHashCodeAs(b);
        }
    }

    @Test
    void sortsNumericallyNotLexically() {
        List<SchemaVersion> versions = new ArrayList<>();
        for (String v : List.of("10.1", "2", "10", "1.10", "1.9", "1_2", "100", "999", "1000")) {
            versions.add(SchemaVersion.parse(v));
        }
        versions.sort(null);
        assertThat(versions)
                .extracting(Object::toString)
                .containsExactly("1.2", "1.9", "1.10", "2", "10", "10.1", "100", "999", "1000");
    }

    @Test
    void canonicalTextDropsLeadingZerosAndUsesDots() {
        assertThat(SchemaVersion.parse("007_1")).hasToString("7.1");
        assertThat(SchemaVersion.parse("0_00")).hasToString("0.0");
        assertThat(SchemaVersion.parse("1.0")).hasToString("1.0");
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        for (String bad : List.of("", "a", "1..2", ".1", "1.", "_1", "1-2", "1 2", "v1", "1.2a", "-1", "+1", "１")) {
            assertThat(SchemaVersion.parseOrNull(bad)).as(bad).isNull();
        }
        assertThat(SchemaVersion.parseOrNull(null)).isNull();
        assertThatThrownBy(() -> SchemaVersion.parse("1-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'1-2' is not a version: expected numbers separated by '.' or '_', such as 2, 10.1 or 1_2_3");
    }
}
