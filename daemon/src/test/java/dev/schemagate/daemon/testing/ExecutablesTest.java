package dev.schemagate.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path dir;

    @Test
    void findsTheFirstExecutableOnPath() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(first.resolve("tool"), "not executable");
        Path tool = Files.writeString(second.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(Executables.onPath("tool", first + ":" + second, "apt-get install tool"))
                .isEqualTo(tool);
    }

    @Test
    void aMissingToolFailsNamingItThePathAndTheInstallCommand() {
        assertThatThrownBy(() -> Executables.onPath("sqlite3", dir + "::" + dir, "apt-get install -y sqlite3"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("sqlite3 is not on PATH (" + dir + "::" + dir + "); these tests need the real one."
                        + " Install it (apt-get install -y sqlite3) or add its folder to PATH, and run again.");
    }
}
