package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Snapshot file names are what operators pick a snapshot by: written and read back exactly, others ignored. */
class SnapshotNameTest {
    @Test
    void aNameIsReadBackIntoItsParts() {
        Instant at = Instant.parse("2026-12-02T01:30:00.123Z");
        SnapshotName name = new SnapshotName("app.db", "1.10", "2_1", at);

        assertThat(name.text()).isEqualTo("app.db.v1.10-to-v2_1.20261202T013000-123Z.snapshot.db");
        assertThat(SnapshotName.parse(name.text())).isEqualTo(name);
    }

    @Test
    void aDatabaseNameThatLooksLikeAVersionIsKeptWhole() {
        SnapshotName name = new SnapshotName("shop.v2.db", "0", "7", Instant.parse("2026-01-31T23:59:59.999Z"));

        assertThat(SnapshotName.parse(name.text())).isEqualTo(name);
    }

    @Test
    void otherFilesAreNotSnapshots() {
        assertThat(SnapshotName.parse("app.db")).isNull();
        assertThat(SnapshotName.parse(".app.db.v1-to-v2.20261202T013000-123Z.snapshot.db.partial"))
                .isNull();
        assertThat(SnapshotName.parse("app.db.v1-to-v2.yesterday.snapshot.db")).isNull();
        assertThat(SnapshotName.parse("app.db.20261202T013000-123Z.snapshot.db"))
                .isNull();
    }
}
