package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration file names and versions on any text: parsing never throws; a parsed name keeps its version and
 * description; the order of versions is a total order consistent with equals and hashCode, and the canonical text
 * parses back to an equal version.
 */
class MigrationNameFuzzTest {

    @FuzzTest
    void namesParseOrAreRefused(byte[] input) {
        String name = new String(input, StandardCharsets.UTF_8);
        MigrationName parsed = MigrationName.parse(name);
        if (parsed == null) {
            return;
        }
        assertThat(name).endsWith(".sql");
        assertThat(parsed.description())
                .isNotBlank()
                .doesNotContain("_")
                .isEqualTo(parsed.description().trim());
        String version = parsed.version().toString();
        assertThat(MigrationVersion.parse(version)).isEqualTo(parsed.version());
        // The same version and description written in the other form parse to the same thing.
        String description = parsed.description().replace(' ', '_');
        assertThat(MigrationName.parse("V" + version + "__" + description + ".sql"))
                .isEqualTo(parsed);
    }

    /** Three versions, one per line of the input. */
    @FuzzTest
    void versionsAreTotallyOrdered(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 3) {
            return;
        }
        List<MigrationVersion> versions = new ArrayList<>();
        for (String text : lines) {
            MigrationVersion v = MigrationVersion.parseOrNull(text);
            if (v == null) {
                assertThat(text).doesNotMatch("[0-9]+([._][0-9]+)*");
                return;
            }
            assertThat(text).matches("[0-9]+([._][0-9]+)*");
            assertThat(MigrationVersion.parse(v.toString())).isEqualTo(v);
            assertThat(v.toString()).matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
            versions.add(v);
        }
        MigrationVersion a = versions.get(0), b = versions.get(1), c = versions.get(2);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
        if (a.equals(b)) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
            assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
        }
    }
}
