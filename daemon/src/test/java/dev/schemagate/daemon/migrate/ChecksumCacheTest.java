package dev.schemagate.daemon.migrate;

import static dev.schemagate.daemon.testing.Sqlite.rows;
import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checksum cache of {@code migrate}, on real files and a real SQLite file: a no-op is decided without reading
 * unchanged files, anything else reads everything, and a bad cache is ignored with a note.
 */
class ChecksumCacheTest extends FreshMigrateFolder {
    Path cacheFile() {
        return ChecksumCache.pathFor(db());
    }

    /** What a later process sees: a cache read anew from the file, and the files resolved through it. */
    List<MigrationFile> resolveThroughCache() {
        return MigrationResolver.resolve(folder(), ChecksumCache.open(db(), folder(), notes::add));
    }

    /** What {@code validate} does: every file read and hashed, compared with the history. */
    void validate() {
        HistoryReader.planWithoutLock(settings(), MigrationResolver.resolve(folder()))
                .requireValid();
    }

    @BeforeEach
    void twoAppliedMigrations() {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);\n");
        write(folder(), "V2__b.sql", "CREATE TABLE b(x);\n");
        assertThat(migrate().applied()).hasSize(2);
        assertThat(cacheFile()).isRegularFile();
    }

    @Test
    void aLaterNoOpTakesUnchangedFilesFromTheCacheWithoutReadingThem() throws Exception {
        List<MigrationFile> files = resolveThroughCache();
        assertThat(files).extracting(MigrationFile::sql).containsExactly(null, null);
        assertThat(files)
                .extracting(MigrationFile::checksum)
                .containsExactlyElementsOf(MigrationResolver.resolve(folder()).stream()
                        .map(MigrationFile::checksum)
                        .toList());
        assertThat(Files.getPosixFilePermissions(cacheFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        MigrationResult again = migrate();
        assertThat(again.applied()).isEmpty();
        assertThat(again.version()).hasToString("2");
        assertThat(notes).isEmpty();
    }

    @Test
    void anEditThatRestoresSizeAndMtimeIsStillSeenThroughTheChangeTime() throws Exception {
        Path v1 = dir.resolve("migrations/V1__a.sql");
        FileTime mtime = Files.getLastModifiedTime(v1);
        Files.writeString(v1, "CREATE TABLE z(x);\n"); // same size
        Files.setLastModifiedTime(v1, mtime); // what `touch -d` or `cp -p` leave behind

        assertThat(resolveThroughCache().get(0).sql()).isEqualTo("CREATE TABLE z(x);\n");
        assertThatThrownBy(this::migrate)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V1__a.sql: changed after it was applied");
    }

    /**
     * The documented limit: an edit that keeps the size and lands on the same mtime and ctime as the write the cache
     * saw (the same timestamp tick on a coarse file system). Such a tick cannot be forced on every test machine, so the
     * cache is given the stamp the edited file has: exactly what a same-tick edit would leave.
     */
    @Test
    void anEditTheStampCannotShowIsMissedByMigrateAndCaughtByValidate() throws Exception {
        Path v1 = dir.resolve("migrations/V1__a.sql");
        MigrationFile applied = MigrationResolver.resolve(folder()).get(0);
        Files.writeString(v1, "CREATE TABLE z(x);\n"); // same size
        ChecksumCache sameTick = ChecksumCache.open(db(), folder(), notes::add);
        MigrationResolver.resolve(folder(), sameTick);
        sameTick.remember(v1, FileStamp.of(v1), applied);
        sameTick.save();

        assertThat(resolveThroughCache().get(0).sql()).as("not read again").isNull();
        assertThat(migrate().applied()).isEmpty();
        assertThatThrownBy(this::validate)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V1__a.sql: changed after it was applied");
    }

    @Test
    void somethingPendingReadsEveryFileAndAppliesTheNewOne() {
        write(folder(), "V3__c.sql", "CREATE TABLE c(x);\nINSERT INTO c VALUES (1);\n");
        MigrationResult result = migrate();
        assertThat(result.applied()).extracting(AppliedMigration::script).containsExactly("V3__c.sql");
        assertThat(rows(db(), "SELECT x FROM c")).containsExactly("1");
        assertThat(resolveThroughCache()).extracting(MigrationFile::sql).containsOnlyNulls();
    }

    @Test
    void aCorruptCacheIsIgnoredWithANoteAndWrittenAnew() throws Exception {
        byte[] bytes = Files.readAllBytes(cacheFile());
        bytes[bytes.length / 2] ^= 1;
        Files.write(cacheFile(), bytes);

        assertThat(resolveThroughCache()).extracting(MigrationFile::sql).doesNotContainNull();
        assertThat(notes).singleElement().asString().contains("ignoring the checksum cache", "corrupt");
        assertThat(migrate().applied()).isEmpty();
        notes.clear();
        assertThat(resolveThroughCache()).extracting(MigrationFile::sql).containsOnlyNulls();
        assertThat(notes).isEmpty();
    }

    @Test
    void aCacheOfAnotherFolderIsIgnored() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.copy(folder().resolve("V1__a.sql"), other.resolve("V1__a.sql"));
        List<MigrationFile> files = MigrationResolver.resolve(other, ChecksumCache.open(db(), other, notes::add));
        assertThat(files).extracting(MigrationFile::sql).doesNotContainNull();
        assertThat(notes).singleElement().asString().contains("another migrations folder");
    }

    @Test
    void aCacheOthersMayWriteIsIgnoredWithANote() throws Exception {
        Files.setPosixFilePermissions(cacheFile(), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(resolveThroughCache()).extracting(MigrationFile::sql).doesNotContainNull();
        assertThat(notes).singleElement().asString().contains("writable by group or others (mode 664)");
    }

    @Test
    void aCacheOwnedBySomeoneElseIsIgnoredWithANote() throws Exception {
        // Only root can give a file away; other users run this check through the mode and link tests above.
        Assumptions.assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root");
        UserPrincipal nobody =
                cacheFile().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(cacheFile(), nobody);
        assertThat(resolveThroughCache()).extracting(MigrationFile::sql).doesNotContainNull();
        assertThat(notes).singleElement().asString().contains("neither this user (uid 0) nor root");
    }

    @Test
    void aLinkInPlaceOfTheCacheIsIgnoredWithANote() throws Exception {
        Path real = Files.move(cacheFile(), dir.resolve("elsewhere"));
        Files.createSymbolicLink(cacheFile(), real);
        assertThat(resolveThroughCache()).extracting(MigrationFile::sql).doesNotContainNull();
        assertThat(notes).singleElement().asString().contains("not a regular file");
    }

    @Test
    void aCacheThatCannotBeWrittenNeverFailsTheMigration() throws Exception {
        Files.delete(cacheFile());
        Files.createDirectories(cacheFile().resolve("in-the-way"));
        write(folder(), "V3__c.sql", "CREATE TABLE c(x);\n");

        assertThat(migrate().applied()).extracting(AppliedMigration::script).containsExactly("V3__c.sql");
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0)).contains("not a regular file");
        assertThat(notes.get(1))
                .contains("cannot write the checksum cache", "the next migrate reads")
                .doesNotContain("Exception");
        assertThat(migrate().applied()).isEmpty();
    }
}
