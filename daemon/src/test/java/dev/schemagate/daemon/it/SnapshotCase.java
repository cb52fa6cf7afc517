package dev.schemagate.daemon.it;

import dev.schemagate.daemon.testing.SchemagateProcess;
import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import dev.schemagate.daemon.testing.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a snapshot test in one folder, laid out as {@link RealDaemon} expects (dir/app.db, dir/migrations),
 * with the snapshot folder dir/snaps, and the commands run on them.
 */
final class SnapshotCase {
    private final Path dir;

    SnapshotCase(Path dir) {
        this.dir = dir;
    }

    Path db() {
        return RealDaemon.db(dir);
    }

    Path migrations() {
        return dir.resolve("migrations");
    }

    Path snaps() {
        return dir.resolve("snaps");
    }

    /** V1: a users table with two rows, ada and bob. */
    void writeUsers() {
        Sqlite.write(
                migrations(),
                "V1__users.sql",
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
                        + "INSERT INTO users (name) VALUES ('ada'), ('bob');\n");
    }

    /** {@code schemagate migrate} on the folder with {@code --snapshot-dir snaps}, plus {@code extra}. */
    Result migrate(String... extra) {
        String[] base = {
            "migrate",
            "--db",
            db().toString(),
            "--migrations",
            migrations().toString(),
            "--snapshot-dir",
            snaps().toString()
        };
        return schemagate(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    Result schemagate(String... args) {
        return SchemagateProcess.run(dir.resolve("out"), RealDaemon.WAIT, args);
    }

    /** The file names in the snapshot folder, sorted (a tmpfs's lost+found aside). */
    List<String> snapshotNames() throws IOException {
        try (Stream<Path> files = Files.list(snaps())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("lost+found"))
                    .sorted()
                    .toList();
        }
    }

    /** SHA-256 of the database file, to show it byte for byte unchanged. */
    String hash() throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(db())));
    }
}
