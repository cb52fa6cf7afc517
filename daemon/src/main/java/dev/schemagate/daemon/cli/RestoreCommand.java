package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.migrate.SnapshotRestore;
import dev.schemagate.daemon.migrate.SnapshotRestore.Restored;
import dev.schemagate.protocol.ExitCodes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code schemagate restore SNAPSHOT --db FILE [--socket PATH] [--json]}: puts a pre-batch snapshot back. */
final class RestoreCommand {
    private final PrintStream out;

    RestoreCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> rest) {
        Arguments.WithWords parsed = Arguments.parseWithWords(rest, Set.of("db", "socket"), Set.of("json"));
        List<String> words = parsed.words();
        Arguments args = parsed.options();
        if (words.size() != 1 || args.get("db") == null) {
            throw new UsageException("restore needs one SNAPSHOT and --db FILE:"
                    + " schemagate restore app.db.v3-to-v5.20261202T013000-123Z.snapshot.db --db app.db"
                    + " [--socket PATH]");
        }
        Path socket = args.get("socket") == null ? null : Path.of(args.get("socket"));
        Restored r = SnapshotRestore.restore(Path.of(words.get(0)), Path.of(args.get("db")), socket);
        if (args.flag("json")) {
            ObjectNode root = Json.object();
            root.put("database", r.database().toString());
            root.put("snapshot", r.snapshot().toString());
            root.put("previous", r.previous() == null ? null : r.previous().toString());
            out.println(Json.write(root));
        } else {
            out.println("schemagate: restored " + r.snapshot() + " into " + r.database()
                    + (r.previous() == null ? "" : "; the replaced file is kept as " + r.previous())
                    + ". Start the daemon (or run the app) again.");
        }
        return ExitCodes.OK;
    }
}
