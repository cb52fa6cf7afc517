package dev.schemagate.daemon.migrate;

import static dev.schemagate.daemon.testing.Sqlite.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.daemon.SchemagateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationResolverTest {
    @TempDir
    Path dir;

    @Test
    void findsBothNamingFormsInNumericOrder() {
        write(dir, "V10.1__index_users.sql", "CREATE INDEX i ON users(name);");
        write(dir, "V10__more.sql", "SELECT 1;");
        write(dir, "0002_add_users.sql", "CREATE TABLE users(name);");
        write(dir, "V1_1__tweak.sql", "SELECT 1;");
        write(dir, "001_init.sql", "SELECT 1;");
        write(dir, "README.md", "not a migration");
        write(dir, ".V3__editor_backup.sql", "not a migration either");

        List<MigrationFile> files = MigrationResolver.resolve(dir);

        assertThat(files)
                .extracting(MigrationFile::script)
                .containsExactly(
                        "001_init.sql",
                        "V1_1__tweak.sql",
                        "0002_add_users.sql",
                        "V10__more.sql",
                        "V10.1__index_users.sql");
        assertThat(files).extracting(f -> f.version().toString()).containsExactly("1", "1.1", "2", "10", "10.1");
        assertThat(files.get(2).description()).isEqualTo("add users");
    }

    @Test
    void listsEveryProblemAtOnceWithTheCorrectForm() {
        write(dir, "V1__ok.sql", "SELECT 1;");
        write(dir, "0001_dup.sql", "SELECT 1;");
        write(dir, "add_users.sql", "SELECT 1;");
        write(dir, "V2_missing_double_underscore.sql", "SELECT 1;");
        write(dir, "V3__.sql", "SELECT 1;");
        write(dir, "V4__empty.sql", " \n\n\t");

        assertThatThrownBy(() -> MigrationResolver.resolve(dir))
                .isInstanceOf(MigrationFilesException.class)
                .satisfies(e -> {
                    assertThat(((SchemagateException) e).exitCode()).isEqualTo(65);
                    assertThat(((MigrationFilesException) e).problems()).hasSize(5);
                })
                .hasMessageContaining("0001_dup.sql and V1__ok.sql both have version 1")
                .hasMessageContaining("add_users.sql: not a migration name; expected V<version>__<description>.sql")
                .hasMessageContaining("V2_missing_double_underscore.sql: not a migration name")
                .hasMessageContaining("V3__.sql: not a migration name")
                .hasMessageContaining("V4__empty.sql: is empty")
                .hasMessageContaining("Action:");
    }

    @Test
    void lineEndingsAndBomDoNotChangeTheChecksum() throws IOException {
        write(dir, "V1__lf.sql", "CREATE TABLE a(x);\nINSERT INTO a VALUES(1);\n");
        Files.write(
                dir.resolve("V2__crlf_bom.sql"),
                "\uFEFFCREATE TABLE a(x);\r\nINSERT INTO a VALUES(1);\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write(dir, "V3__cr.sql", "CREATE TABLE a(x);\rINSERT INTO a VALUES(1);\r");
        write(dir, "V4__different.sql", "CREATE TABLE a(x);\nINSERT INTO a VALUES(2);\n");

        List<MigrationFile> files = MigrationResolver.resolve(dir);

        assertThat(files.get(1).checksum()).isEqualTo(files.get(0).checksum());
        assertThat(files.get(2).checksum()).isEqualTo(files.get(0).checksum());
        assertThat(files.get(3).checksum()).isNotEqualTo(files.get(0).checksum());
        assertThat(files.get(1).sql()).doesNotContain("\r").doesNotStartWith("\uFEFF");
    }

    @Test
    void aSubFolderIsIgnoredALinkToAFileIsReadAndADanglingLinkIsAProblem() throws IOException {
        write(dir, "V1__ok.sql", "SELECT 1;");
        Files.createDirectories(dir.resolve("V2__a_folder.sql"));
        write(dir.resolve("V2__a_folder.sql"), "V3__inside.sql", "SELECT 3;");
        Path elsewhere = Files.createDirectories(dir.resolve("shared"));
        write(elsewhere, "four.sql", "SELECT 4;");
        Files.createSymbolicLink(dir.resolve("V4__linked.sql"), elsewhere.resolve("four.sql"));

        assertThat(MigrationResolver.resolve(dir))
                .extracting(MigrationFile::script)
                .containsExactly("V1__ok.sql", "V4__linked.sql");

        // A link whose target is gone (a release folder removed under it) must not vanish from the batch unseen.
        Files.createSymbolicLink(dir.resolve("V5__gone.sql"), elsewhere.resolve("five.sql"));
        assertThatThrownBy(() -> MigrationResolver.resolve(dir))
                .isInstanceOfSatisfying(
                        MigrationFilesException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(65))
                .hasMessageContaining("V5__gone.sql: is a symbolic link to " + elsewhere.resolve("five.sql")
                        + ", which does not exist; fix the link or remove it");
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        Files.write(dir.resolve("V1__latin1.sql"), new byte[] {'S', 'E', 'L', (byte) 0xE9, ';'});
        assertThatThrownBy(() -> MigrationResolver.resolve(dir))
                .hasMessageContaining("V1__latin1.sql: is not valid UTF-8");
    }

    @Test
    void aMissingFolderIsAConfigurationError() {
        assertThatThrownBy(() -> MigrationResolver.resolve(dir.resolve("nope")))
                .isInstanceOfSatisfying(
                        SchemagateException.class, e -> assertThat(e.exitCode()).isEqualTo(78))
                .hasMessageContaining("does not exist");
    }
}
