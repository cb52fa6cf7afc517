package dev.schemagate.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exit codes are sysexits values that service managers and scripts rely on. */
class ExitCodesTest {

    @Test
    void valuesAreTheDocumentedSysexits() {
        assertThat(new int[] {
                    ExitCodes.OK,
                    ExitCodes.USAGE,
                    ExitCodes.DATA_ERR,
                    ExitCodes.UNAVAILABLE,
                    ExitCodes.SOFTWARE,
                    ExitCodes.IO_ERR,
                    ExitCodes.TEMP_FAIL,
                    ExitCodes.NO_PERM,
                    ExitCodes.CONFIG
                })
                .containsExactly(0, 64, 65, 69, 70, 74, 75, 77, 78);
    }

    @Test
    void failureCodesMapToExitCodes() {
        assertThat(ExitCodes.forFailure("MIGRATION_FAILED")).isEqualTo(70);
        assertThat(ExitCodes.forFailure("BAD_MIGRATION_FILES")).isEqualTo(65);
        assertThat(ExitCodes.forFailure("NOT_ADOPTED")).isEqualTo(65);
        assertThat(ExitCodes.forFailure("LOCK_TIMEOUT")).isEqualTo(75);
        assertThat(ExitCodes.forFailure("DISK_FULL")).isEqualTo(74);
        assertThat(ExitCodes.forFailure("IO_ERROR")).isEqualTo(74);
        assertThat(ExitCodes.forFailure("READ_ONLY")).isEqualTo(74);
        assertThat(ExitCodes.forFailure("SNAPSHOT_FAILED")).isEqualTo(74);
        assertThat(ExitCodes.forFailure("SOMETHING_NEWER")).isEqualTo(70);
    }
}
