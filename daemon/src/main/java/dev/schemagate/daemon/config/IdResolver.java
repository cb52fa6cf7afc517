package dev.schemagate.daemon.config;

import dev.schemagate.protocol.AsciiDigits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Turns user and group names into ids for the allow-list, once at start-up.
 *
 * <p>{@code getent} asks the system's name service (files, LDAP, systemd's dynamic users), so the daemon sees the
 * names {@code id} and {@code ls -l} see; without {@code getent} on the PATH it falls back to {@code /etc/passwd}
 * and {@code /etc/group}.
 */
final class IdResolver {
    /** The two databases: {@code passwd} for users, {@code group} for groups. */
    enum Kind {
        USER("passwd", "/etc/passwd"),
        GROUP("group", "/etc/group");

        final String database;
        final String file;

        Kind(String database, String file) {
            this.database = database;
            this.file = file;
        }
    }

    private IdResolver() {}

    /** The id of a name, or a number as it is; empty when no such name exists. */
    static OptionalInt resolve(Kind kind, String nameOrId) {
        if (AsciiDigits.isDigits(nameOrId)) {
            try {
                return OptionalInt.of(Integer.parseInt(nameOrId));
            } catch (NumberFormatException e) {
                return OptionalInt.empty(); // beyond an int: not an id
            }
        }
        String entry = getent(kind, nameOrId);
        if (entry == null) {
            entry = fromFile(kind, nameOrId);
        }
        if (entry == null) {
            return OptionalInt.empty();
        }
        String[] fields = entry.split(":", -1);
        try {
            return fields.length > 2 && fields[0].equals(nameOrId)
                    ? OptionalInt.of(Integer.parseInt(fields[2]))
                    : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The entry from {@code getent DATABASE NAME}; null when getent is missing or did not answer in time. */
    private static String getent(Kind kind, String name) {
        try {
            Process p = new ProcessBuilder(List.of("getent", kind.database, name))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            // getent exits 2 for "no such key": a definite answer, so the files are not read then.
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : p.exitValue() == 2 ? "" : null;
        } catch (IOException e) {
            return null; // no getent on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String fromFile(Kind kind, String name) {
        try {
            for (String line : Files.readAllLines(Path.of(kind.file), StandardCharsets.UTF_8)) {
                if (line.startsWith(name + ":")) {
                    return line;
                }
            }
        } catch (IOException e) {
            // no such file: the name is unknown
        }
        return null;
    }
}
