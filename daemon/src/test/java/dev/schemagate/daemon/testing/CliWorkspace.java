package dev.schemagate.daemon.testing;

import dev.schemagate.daemon.testing.SchemagateProcess.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A test's folder holding {@code app.db} and {@code migrations/}, and the real command line run on them as a child
 * JVM: {@code java -jar schemagate.jar COMMAND --db app.db --migrations migrations ARGS...}.
 */
public final class CliWorkspace {
    /** Bounds one command; generous because several child JVMs share 2 cores under load. */
    public static final Duration DEADLINE = Duration.ofSeconds(45);

    private final Path dir;

    public CliWorkspace(Path dir) {
        this.dir = dir;
    }

    public Path db() {
        return dir.resolve("app.db");
    }

    public Path migrations() {
        return dir.resolve("migrations");
    }

    /** Runs {@code command} on this folder's database and migrations, {@code args} after them; waits for its end. */
    public Result run(String command, String... args) {
        List<String> full = new ArrayList<>(List.of(
                command, "--db", db().toString(), "--migrations", migrations().toString()));
        full.addAll(List.of(args));
        return SchemagateProcess.run(dir.resolve("out"), DEADLINE, full.toArray(String[]::new));
    }

    /** SHA-256 of the database file: equal before and after means byte-for-byte unchanged. */
    public String hash() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(db())));
    }
}
