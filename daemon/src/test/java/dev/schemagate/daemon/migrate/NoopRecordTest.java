package dev.schemagate.daemon.migrate;

import static dev.schemagate.daemon.testing.Sqlite.exec;
import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.lock.LockSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The no-op record of {@code migrate}, on real files and a real SQLite file: a proven clean no-op is recorded, the
 * next one is decided from it alone, and every change to the folder or the history, a busy writer or a bad record
 * sends {@code migrate} the full way, whose verdict is the one it always gave.
 */
class NoopRecordTest extends FreshMigrateFolder {
    Path recordFile() {
        return NoopRecord.pathFor(db());
    }

    /** Whether a fresh process would decide from the record alone right now. */
    boolean recordHolds() {
        NoopRecord record = NoopRecord.read(settings(), notes::add);
        return record != null && record.check(settings()).holds();
    }

    @BeforeEach
    void twoAppliedAndOneNoOp() {
        write(folder(), "V1__a.sql", "CREATE TABLE a(x);\n");
        write(folder(), "V2__b.sql", "CREATE TABLE b(x);\n");
        assertThat(migrate().applied()).hasSize(2);
        assertThat(recordFile()).as("a run that applied records nothing").doesNotExist();
        assertThat(migrate().applied()).isEmpty();
        assertThat(recordFile()).isRegularFile();
        assertThat(notes).isEmpty();
    }

    @Test
    void theNextNoOpIsDecidedFromTheRecordWithoutTheChecksumCache() throws Exception {
        assertThat(Files.getPosixFilePermissions(recordFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(recordHolds()).isTrue();
        // The full way would read this cache and say it ignores it; the record's way never opens it.
        Files.writeString(ChecksumCache.pathFor(db()), "garbage");

        MigrationResult again = migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(again.version()).hasToString("2");
        assertThat(again.warnings()).isEmpty();
        assertThat(notes).isEmpty();
    }

    @Test
    void aSameSizeEditIsSeenAndRefused() {
        write(folder(), "V1__a.sql", "CREATE TABLE z(x);\n");

        assertThat(recordHolds()).isFalse();
        assertThatThrownBy(this::migrate)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V1__a.sql: changed after it was applied");
    }

    @Test
    void anEditThatRestoresTheMtimeIsSeenThroughTheChangeTime() throws Exception {
        Path v1 = folder().resolve("V1__a.sql");
        FileTime mtime = Files.getLastModifiedTime(v1);
        Files.writeString(v1, "CREATE TABLE z(x);\n");
        Files.setLastModifiedTime(v1, mtime); // what `touch -d` or `cp -p` leave behind

        assertThat(recordHolds()).isFalse();
        assertThatThrownBy(this::migrate)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V1__a.sql: changed after it was applied");
    }

    @Test
    void aNewFileIsApplied() {
        write(folder(), "V3__c.sql", "CREATE TABLE c(x);\n");

        assertThat(recordHolds()).isFalse();
        assertThat(migrate().applied()).extracting(AppliedMigration::script).containsExactly("V3__c.sql");
        assertThat(migrate().version()).hasToString("3");
    }

    @Test
    void aRemovedFileIsReportedOnEveryRunNotJustTheFirst() throws Exception {
        Files.delete(folder().resolve("V2__b.sql"));

        assertThat(recordHolds()).isFalse();
        assertThat(migrate().warnings()).singleElement().asString().contains("V2__b.sql");
        assertThat(migrate().warnings())
                .as("a run with a warning is not recorded as a clean no-op")
                .singleElement()
                .asString()
                .contains("V2__b.sql");
    }

    @Test
    void aFileThatIsNotAMigrationChangesNothing() {
        write(folder(), "README.txt", "notes");
        write(folder(), ".V9__hidden.sql", "CREATE TABLE h(x);\n");

        assertThat(recordHolds()).isTrue();
    }

    @Test
    void aHistoryRowChangedByAnotherToolIsSeenAndRefused() {
        exec(db(), "UPDATE schemagate_history SET checksum = 'edited elsewhere' WHERE version = '1'");

        assertThat(recordHolds()).isFalse();
        assertThatThrownBy(this::migrate)
                .isInstanceOf(MigrationFilesException.class)
                .hasMessageContaining("V1__a.sql: changed after it was applied");
    }

    @Test
    void aDeletedHistoryRowOrAChangedKindIsSeen() {
        exec(db(), "UPDATE schemagate_history SET kind = 'baseline' WHERE version = '1'");
        assertThat(recordHolds()).isFalse();
        exec(db(), "UPDATE schemagate_history SET kind = 'applied' WHERE version = '1'");
        assertThat(recordHolds()).as("the same rows again").isTrue();

        exec(db(), "DELETE FROM schemagate_history WHERE version = '2'");
        assertThat(recordHolds()).isFalse();
    }

    @Test
    void noTwoHistoriesShareAFingerprint() throws Exception {
        // A history made by hand or by another tool may hold NULLs and values that run into each other.
        List<List<String>> histories = List.of(
                List.of("('1', NULL, 'applied')"),
                List.of("('1', '', 'applied')"),
                List.of("('1', 'NULL', 'applied')"),
                List.of("('1', '23', 'applied')"),
                List.of("('12', '3', 'applied')"),
                List.of("('1', '2', 'applied')", "('3', '4', 'applied')"),
                List.of("('3', '4', 'applied')", "('1', '2', 'applied')"),
                List.of("('1', '2:3', 'applied')"),
                List.of("('1', '2', '3:applied')"),
                List.of());
        List<String> fingerprints = new ArrayList<>();
        for (List<String> rows : histories) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE schemagate_history (version, checksum, kind)");
                for (String row : rows) {
                    s.execute("INSERT INTO schemagate_history VALUES " + row);
                }
                fingerprints.add(new String(SchemaHistory.fingerprintOrNull(c), StandardCharsets.UTF_8));
            }
        }
        assertThat(fingerprints).doesNotHaveDuplicates();
        assertThat(fingerprints.get(3)).isEqualTo("1:12:237:applied");
    }

    @Test
    void aRecordForAnotherFolderIsNotUsed() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.copy(folder().resolve("V1__a.sql"), other.resolve("V1__a.sql"));
        MigrateSettings otherFolder = new MigrateSettings(db(), other, LockSettings.DEFAULTS, false);

        assertThat(NoopRecord.read(otherFolder, notes::add)).isNull();
        assertThat(notes).singleElement().asString().contains("written for another migrations folder");
        assertThat(migrate(otherFolder).warnings()).singleElement().asString().contains("V2__b.sql");
    }

    @Test
    void aRecordOthersCanWriteIsIgnoredWithANoteAndWrittenAnew() throws Exception {
        Files.setPosixFilePermissions(recordFile(), PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(migrate().applied()).isEmpty();
        assertThat(notes).singleElement().asString().contains("writable by group or others (mode 666)");
        assertThat(Files.getPosixFilePermissions(recordFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(recordHolds()).isTrue();
    }

    @Test
    void aCorruptRecordIsIgnoredWithANoteAndWrittenAnew() throws Exception {
        byte[] bytes = Files.readAllBytes(recordFile());
        bytes[bytes.length / 2] ^= 1;
        Files.write(recordFile(), bytes);

        assertThat(migrate().version()).hasToString("2");
        assertThat(notes).singleElement().asString().contains("corrupt");
        notes.clear();
        assertThat(recordHolds()).isTrue();
        assertThat(notes).isEmpty();
    }

    @Test
    void aLinkInPlaceOfTheRecordIsIgnoredWithANote() throws Exception {
        Path real = Files.move(recordFile(), dir.resolve("elsewhere"));
        Files.createSymbolicLink(recordFile(), real);

        assertThat(NoopRecord.read(settings(), notes::add)).isNull();
        assertThat(notes).singleElement().asString().contains("not a regular file");
    }

    @Test
    void aRecordThatCannotBeWrittenNeverFailsTheMigration() throws Exception {
        Files.delete(recordFile());
        Files.createDirectories(recordFile().resolve("in-the-way"));

        assertThat(migrate().version()).hasToString("2");
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0)).contains("ignoring the no-op record", "not a regular file");
        assertThat(notes.get(1))
                .contains("cannot write the no-op record", "the next migrate checks every file")
                .doesNotContain("Exception");
    }

    @Test
    void aBusyDatabaseIsNeverDecidedFromTheRecord() throws Exception {
        MigrateSettings shortWait = new MigrateSettings(
                db(),
                folder(),
                new LockSettings(Duration.ofMillis(50), 1, Duration.ofMillis(10), Duration.ofMillis(300)),
                false);
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = writer.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // what a writer holds while it commits: readers get SQLITE_BUSY

            assertThat(NoopRecord.read(shortWait, notes::add).check(shortWait).holds())
                    .isFalse();
            assertThatThrownBy(() -> migrate(shortWait))
                    .isInstanceOfSatisfying(
                            SchemagateException.class,
                            e -> assertThat(e.exitCode()).isEqualTo(75));
            s.execute("ROLLBACK");
        }
        assertThat(recordHolds()).isTrue();
    }

    /**
     * The plan and the fingerprint are read in one transaction: a commit between the two reads (made certain here,
     * in WAL mode where the writer does not wait for the reader) is in neither, so a record can never pair a plan
     * with a history it did not see.
     */
    @Test
    void aCommitBetweenThePlanAndTheFingerprintIsInNeither() throws Exception {
        exec(db(), "PRAGMA journal_mode=WAL");
        List<MigrationFile> files = MigrationResolver.resolve(folder());
        byte[] before = HistoryReader.fingerprintUnlessBusy(settings());

        HistoryReader.PlanRead read = HistoryReader.planAndFingerprintUnlessBusy(
                settings(),
                files,
                () -> exec(
                        db(),
                        "INSERT INTO schemagate_history (version, description, script, checksum, applied_at, execution_ms,"
                                + " applied_by, kind) VALUES ('3', 'c', 'V3__c.sql', 'x', 'now', 0, 'test', 'applied')"));

        assertThat(read.plan().missing()).isEmpty();
        assertThat(read.fingerprint()).isEqualTo(before);
        assertThat(HistoryReader.fingerprintUnlessBusy(settings())).isNotEqualTo(before);
    }

    @Test
    void theListingFollowsEveryMigrationFileAndOnlyThem() throws Exception {
        byte[] first = FolderListing.take(folder());
        assertThat(FolderListing.take(folder())).isEqualTo(first);

        Files.setPosixFilePermissions(folder().resolve("V2__b.sql"), PosixFilePermissions.fromString("rw-------"));
        byte[] afterChmod = FolderListing.take(folder());
        assertThat(afterChmod).as("chmod changes the change time").isNotEqualTo(first);

        Files.move(folder().resolve("V2__b.sql"), folder().resolve("V2__renamed.sql"));
        assertThat(FolderListing.take(folder())).isNotEqualTo(afterChmod);

        Files.createSymbolicLink(folder().resolve("V3__gone.sql"), dir.resolve("nowhere.sql"));
        assertThat(FolderListing.take(folder()))
                .as("a dangling link: nothing to compare")
                .isNull();
    }

    @Test
    void theDirectStatReadsWhatTheUnixViewReads() throws Exception {
        assertThat(FileStamp.readsStatDirectly())
                .as("surefire opens java.base/sun.nio.fs as the jar's manifest does")
                .isTrue();
        Path file = folder().resolve("V1__a.sql");
        Path link = Files.createSymbolicLink(dir.resolve("link.sql"), file);

        assertThat(FileStamp.of(file)).isEqualTo(FileStamp.viaUnixView(file));
        assertThat(FileStamp.of(link)).as("links are followed").isEqualTo(FileStamp.viaUnixView(file));
    }
}
