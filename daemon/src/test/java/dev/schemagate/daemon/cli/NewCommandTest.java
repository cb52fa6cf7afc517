package dev.schemagate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.migrate.MigrationResolver;
import dev.schemagate.daemon.testing.FileSystemFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schemagate new}: the next file in the folder's own form and width, its path on stdout. */
class NewCommandTest {
    @TempDir
    Path dir;

    private final InProcessCli cli = new InProcessCli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String created(Path folder, String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "new";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--migrations";
        full[args.length + 2] = folder.toString();
        assertThat(run(full)).as(cli.stderr()).isZero();
        Path path = Path.of(cli.stdout().trim());
        assertThat(path).exists().hasParent(folder);
        return path.getFileName().toString();
    }

    private void touch(Path folder, String name) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), "SELECT 1;\n");
    }

    @Test
    void anEmptyOrMissingFolderStartsAtV1() {
        assertThat(created(dir.resolve("m"), "add", "users")).isEqualTo("V1__add_users.sql");
    }

    @Test
    void keepsTheFlywayFormAndItsWidth() throws Exception {
        Path m = dir.resolve("m");
        touch(m, "V1__a.sql");
        touch(m, "V9__b.sql");
        assertThat(created(m, "Add users' e-mail!")).isEqualTo("V10__Add_users_e_mail.sql");
        Path padded = dir.resolve("padded");
        touch(padded, "V007__a.sql");
        assertThat(created(padded, "x")).isEqualTo("V008__x.sql");
        Path dotted = dir.resolve("dotted");
        touch(dotted, "V1_9__a.sql");
        touch(dotted, "V1_10__b.sql");
        assertThat(created(dotted, "x")).isEqualTo("V1_11__x.sql");
    }

    @Test
    void keepsTheSeedRunnersDigitsFormAndWidth() throws Exception {
        Path m = dir.resolve("m");
        touch(m, "001_initial_schema.sql");
        touch(m, "002_add_users.sql");
        assertThat(created(m, "add tags")).isEqualTo("003_add_tags.sql");
        touch(m, "099_last.sql");
        assertThat(created(m, "next")).isEqualTo("100_next.sql");
    }

    @Test
    void theNewFileResolvesButCannotBeDeployedUnwritten() throws Exception {
        Path m = dir.resolve("m");
        touch(m, "V1__a.sql");
        String name = created(m, "b");
        assertThat(MigrationResolver.resolve(m)).extracting(f -> f.script()).containsExactly("V1__a.sql", name);
        assertThat(Files.readString(m.resolve(name))).startsWith("-- b\n");
    }

    @Test
    void aMissingDescriptionOrFolderIsAUsageError() {
        assertThat(run("new", "--migrations", dir.toString())).isEqualTo(64);
        assertThat(cli.stderr()).contains("new needs a DESCRIPTION");
        assertThat(run("new", "--migrations", dir.toString(), "!!")).isEqualTo(64);
        assertThat(cli.stderr()).contains("has no letters or digits");
    }

    @Test
    void jsonGivesThePathAndTheName() throws Exception {
        Path m = dir.resolve("m");
        touch(m, "V1__a.sql");

        assertThat(run("new", "add", "tags", "--migrations", m.toString(), "--json"))
                .as(cli.stderr())
                .isZero();

        JsonNode root = new ObjectMapper().readTree(cli.stdout());
        assertThat(root.get("name").asText()).isEqualTo("V2__add_tags.sql");
        assertThat(root.get("path").asText())
                .isEqualTo(m.resolve("V2__add_tags.sql").toString());
        assertThat(m.resolve("V2__add_tags.sql")).exists();
    }

    @Test
    void aFolderThatCannotBeWrittenExits74WithTheFolderAndTheAction() throws Exception {
        Path m = dir.resolve("m");
        touch(m, "V1__a.sql");
        try (FileSystemFaults faults = new FileSystemFaults()) {
            faults.readOnlyFolder(m);

            assertThat(run("new", "b", "--migrations", m.toString())).isEqualTo(74);
        }
        assertThat(cli.stdout()).isEmpty();
        assertThat(cli.stderr())
                .contains("cannot create a migration in " + m)
                .contains("check that the folder is writable");
        assertThat(MigrationResolver.resolve(m)).extracting(f -> f.script()).containsExactly("V1__a.sql");
    }
}
