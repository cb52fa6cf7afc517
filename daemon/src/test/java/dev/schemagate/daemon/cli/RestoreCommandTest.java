package dev.schemagate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.testing.FileSystemFaults;
import dev.schemagate.daemon.testing.Sqlite;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schemagate restore} in this JVM, on real files: its JSON report and its exit codes (64 usage, 65 a
 * snapshot that is not sound, 74 the storage failed, 75 the database is in use); SnapshotIT restores a real batch.
 */
class RestoreCommandTest {
    @TempDir
    Path dir;

    private final InProcessCli cli = new InProcessCli();
    private Path db;
    private Path snapshot;

    @BeforeEach
    void databaseAndSnapshot() throws Exception {
        db = dir.resolve("data").resolve("app.db");
        snapshot = dir.resolve("app.db.v1-to-v2.20261202T013000-123Z.snapshot.db");
        Files.createDirectories(db.getParent());
        Sqlite.exec(snapshot, "CREATE TABLE users (name TEXT)", "INSERT INTO users VALUES ('ada')");
        Sqlite.exec(db, "CREATE TABLE users (name TEXT)");
    }

    private int restore(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "restore";
        System.arraycopy(args, 0, full, 1, args.length);
        return cli.run(full);
    }

    private String err() {
        return cli.stderr();
    }

    @Test
    void jsonNamesTheDatabaseTheSnapshotAndTheKeptFile() throws Exception {
        assertThat(restore(snapshot.toString(), "--db", db.toString(), "--json"))
                .as(err())
                .isZero();

        JsonNode root = new ObjectMapper().readTree(cli.stdout());
        assertThat(root.get("database").asText()).isEqualTo(db.toString());
        assertThat(root.get("snapshot").asText()).isEqualTo(snapshot.toString());
        Path previous = Path.of(root.get("previous").asText());
        assertThat(previous.getFileName().toString()).startsWith("app.db.before-restore.");
        assertThat(Sqlite.rows(previous, "SELECT count(*) FROM users")).containsExactly("0");
        assertThat(Sqlite.rows(db, "SELECT name FROM users")).containsExactly("ada");
    }

    @Test
    void withoutOneSnapshotAndADatabaseItIsAUsageError() {
        assertThat(restore("--db", db.toString())).isEqualTo(64);
        assertThat(err()).contains("restore needs one SNAPSHOT and --db FILE");
        assertThat(restore(snapshot.toString())).isEqualTo(64);
    }

    @Test
    void aFileThatIsNotASqliteDatabaseIsRefusedWith65() throws Exception {
        Path bogus = Files.writeString(dir.resolve("notes.snapshot.db"), "not a database, just text\n".repeat(50));

        assertThat(restore(bogus.toString(), "--db", db.toString())).isEqualTo(65);

        assertThat(err()).contains("is not a readable SQLite database").contains("nothing was restored");
        assertThat(Sqlite.rows(db, "SELECT count(*) FROM users")).containsExactly("0");
    }

    @Test
    void aDaemonAnsweringOnTheSocketRefusesTheRestoreWith75() throws Exception {
        Path socket = dir.resolve("schemagate.sock");
        try (ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            daemon.bind(UnixDomainSocketAddress.of(socket));

            assertThat(restore(snapshot.toString(), "--db", db.toString(), "--socket", socket.toString()))
                    .isEqualTo(75);
        }
        assertThat(err()).contains("a daemon serves it on " + socket).contains("nothing was changed");
        assertThat(Sqlite.rows(db, "SELECT count(*) FROM users")).containsExactly("0");
    }

    @Test
    void aDatabaseFolderThatCannotBeWrittenExits74AndLeavesTheDatabaseAsItWas() throws Exception {
        try (FileSystemFaults faults = new FileSystemFaults()) {
            faults.readOnlyFolder(db.getParent());

            assertThat(restore(snapshot.toString(), "--db", db.toString())).isEqualTo(74);
        }
        assertThat(err())
                .contains("restoring " + snapshot + " into " + db + " failed")
                .contains("The database is as it was");
        assertThat(Sqlite.rows(db, "SELECT count(*) FROM users")).containsExactly("0");
    }
}
