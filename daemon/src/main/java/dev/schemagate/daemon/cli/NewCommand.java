package dev.schemagate.daemon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.config.ConfigKey;
import dev.schemagate.daemon.migrate.NextMigration;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code schemagate new DESCRIPTION --migrations DIR}: creates the next migration file and prints its path. */
final class NewCommand {
    private final PrintStream out;

    NewCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> rest, Map<String, String> env) {
        Arguments.WithWords parsed = Arguments.parseWithWords(rest, Set.of("migrations"), Set.of("json"));
        List<String> words = parsed.words();
        Arguments args = parsed.options();
        if (words.isEmpty()) {
            throw new UsageException("new needs a DESCRIPTION, e.g. schemagate new 'add users email' --migrations DIR");
        }
        String folderText =
                args.get("migrations") != null ? args.get("migrations") : env.get(ConfigKey.MIGRATIONS.env());
        if (folderText == null) {
            throw new UsageException("new needs --migrations DIR (or " + ConfigKey.MIGRATIONS.env() + ")");
        }
        Path folder = Path.of(folderText);
        String description = String.join(" ", words);
        try {
            Files.createDirectories(folder);
            String name = NextMigration.name(folder, description);
            Path file = Files.writeString(
                    folder.resolve(name),
                    "-- " + description + "\n-- Write the migration's SQL here. A file of comments only is refused"
                            + " (exit 65), so this one cannot be deployed by mistake.\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW);
            if (args.flag("json")) {
                ObjectNode root = Json.object();
                root.put("path", file.toString());
                root.put("name", name);
                out.println(Json.write(root));
            } else {
                out.println(file);
            }
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (FileAlreadyExistsException e) {
            throw new SchemagateException(
                    ExitCodes.TEMP_FAIL,
                    "schemagate: " + e.getFile()
                            + " already exists (another 'new' ran at the same moment). Action: run the command again.");
        } catch (IOException e) {
            // sysexits' EX_IOERR, as for a database folder that is not writable (README, "Exit codes").
            throw new SchemagateException(
                    ExitCodes.IO_ERR,
                    "schemagate: cannot create a migration in " + folder + ": " + e
                            + ". Action: check that the folder is writable by this user (permissions, a read-only mount).",
                    e);
        }
    }
}
