package dev.schemagate.daemon.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's reload cache on real files: unchanged files are not read again, every kind of change is seen. */
class FileIdentityCacheTest {
    @TempDir
    Path dir;

    final FileIdentityCache cache = new FileIdentityCache();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE a(x);\n");
        Files.writeString(dir.resolve("V2__b.sql"), "CREATE TABLE b(x);\n");
    }

    List<MigrationFile> resolve() {
        return MigrationResolver.resolve(dir, cache);
    }

    @Test
    void anUnchangedFileIsServedFromMemoryWithoutReadingIt() {
        List<MigrationFile> first = resolve();
        List<MigrationFile> second = resolve();
        assertThat(second).hasSize(2);
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(second.get(1)).isSameAs(first.get(1));
        // Without the cache (validate, migrate, a first run) every file is read and hashed again.
        List<MigrationFile> uncached = MigrationResolver.resolve(dir);
        assertThat(uncached.get(0)).isNotSameAs(first.get(0)).isEqualTo(first.get(0));
    }

    @Test
    void anEditKeepingTheSizeAndRestoringTheMtimeIsSeenThroughTheChangeTime() throws Exception {
        Path v1 = dir.resolve("V1__a.sql");
        MigrationFile before = resolve().get(0);
        FileTime mtime = Files.getLastModifiedTime(v1);
        await(v1, "unix:ctime");
        Files.writeString(v1, "CREATE TABLE z(x);\n"); // same length
        Files.setLastModifiedTime(v1, mtime);
        assertThat(Files.size(v1)).isEqualTo(before.sql().length());
        assertThat(Files.getLastModifiedTime(v1)).isEqualTo(mtime);
        MigrationFile after = resolve().get(0);
        assertThat(after.sql()).isEqualTo("CREATE TABLE z(x);\n");
        assertThat(after.checksum()).isNotEqualTo(before.checksum());
    }

    @Test
    void aFileReplacedByRenameIsReadAgain() throws Exception {
        MigrationFile before = resolve().get(1);
        Path tmp = dir.resolve(".V2.tmp");
        Files.writeString(tmp, "CREATE TABLE c(x);\n");
        Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(dir.resolve("V2__b.sql")));
        Files.move(tmp, dir.resolve("V2__b.sql"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MigrationFile after = resolve().get(1);
        assertThat(after.sql()).isEqualTo("CREATE TABLE c(x);\n");
        assertThat(after.checksum()).isNotEqualTo(before.checksum());
    }

    @Test
    void aDeletedFileIsForgottenAndANewBadOneIsStillReported() throws Exception {
        resolve();
        Files.delete(dir.resolve("V2__b.sql"));
        assertThat(resolve()).extracting(MigrationFile::script).containsExactly("V1__a.sql");
        assertThat(cache.size()).isEqualTo(1);
        Files.writeString(dir.resolve("V2__b.sql"), "");
        assertThatThrownBy(this::resolve)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V2__b.sql: is empty");
        Files.writeString(dir.resolve("V3 bad.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("V2__b.sql"), "CREATE TABLE b(x);\n");
        assertThatThrownBy(this::resolve)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V3 bad.sql: not a migration name");
    }

    /**
     * Waits until the file system's clock has moved past the file's change time, so the next write gets a newer
     * one (coarse kernel timestamps advance every few milliseconds).
     */
    private static void await(Path file, String attribute) throws Exception {
        Object then = Files.getAttribute(file, attribute);
        Path probe = file.resolveSibling(".clock-probe");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(1))
                .until(() -> {
                    Files.writeString(probe, "x");
                    return !Files.getAttribute(probe, attribute).equals(then);
                });
        Files.delete(probe);
    }
}
