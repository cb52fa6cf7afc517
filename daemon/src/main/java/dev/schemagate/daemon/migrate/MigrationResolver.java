package dev.schemagate.daemon.migrate;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the migration scripts in one folder, checks their names, versions and content, and sorts them.
 *
 * <p>Every problem in the folder is collected before failing, so one run shows the user all there is to fix.
 */
public final class MigrationResolver {
    static final String NAMING_HELP =
            "expected V<version>__<description>.sql (e.g. V2__add_users.sql, V10.1__index.sql)"
                    + " or <digits>_<description>.sql (e.g. 0002_add_users.sql)";

    private MigrationResolver() {}

    /** Reads every {@code *.sql} file directly in {@code folder}; other files and hidden files are ignored. */
    public static List<MigrationFile> resolve(Path folder) {
        return resolve(folder, (KnownFiles) null);
    }

    /**
     * As {@link #resolve(Path)}, but files that {@code cache} (when not null) shows unchanged since this process read
     * them are not read and hashed again: the daemon's reloads. Names, versions and duplicates are checked anew.
     */
    public static List<MigrationFile> resolve(Path folder, FileIdentityCache cache) {
        return resolve(folder, (KnownFiles) cache);
    }

    /**
     * As {@link #resolve(Path)}, but a file that {@code cache} shows unchanged since an earlier process hashed it is
     * not read: its {@link MigrationFile#sql()} is null. Only for deciding that nothing is pending; see {@link
     * ChecksumCache}.
     */
    static List<MigrationFile> resolve(Path folder, ChecksumCache cache) {
        return resolve(folder, (KnownFiles) cache);
    }

    private static List<MigrationFile> resolve(Path folder, KnownFiles cache) {
        if (!Files.isDirectory(folder)) {
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: migrations folder " + folder.toAbsolutePath()
                            + " does not exist or is not a folder. Action: pass --migrations with the folder that holds your"
                            + " V<version>__<description>.sql files.");
        }
        List<Path> candidates;
        try (Stream<Path> listing = Files.list(folder)) {
            candidates = listing.filter(MigrationResolver::isCandidate).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            // Same code as an unreadable file (65), so `migrate` and the daemon's FAILED line agree.
            throw new MigrationFilesException(
                    "schemagate: cannot read migrations folder " + folder.toAbsolutePath(),
                    List.of(describe(e)),
                    "let user " + System.getProperty("user.name") + " read and enter the folder (ls -ld, chmod,"
                            + " chown); nothing was applied.");
        }
        // Names first, in order (duplicates need it); then the files' content, read and hashed in parallel (most of
        // a no-op start with thousands of migrations); then every problem, in file-name order.
        Loaded[] results = new Loaded[candidates.size()];
        List<Integer> named = new ArrayList<>();
        Map<MigrationVersion, String> seen = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            String name = candidates.get(i).getFileName().toString();
            MigrationName parsed = MigrationName.parse(name);
            if (parsed == null) {
                results[i] = Loaded.problem(name + ": not a migration name; " + NAMING_HELP);
                continue;
            }
            String earlier = seen.putIfAbsent(parsed.version(), name);
            if (earlier != null) {
                results[i] = Loaded.problem(earlier + " and " + name + " both have version " + parsed.version()
                        + "; every migration needs its own version: renumber one of them");
                continue;
            }
            named.add(i);
        }
        named.parallelStream().forEach(i -> results[i] = load(candidates.get(i), cache));
        if (cache != null) {
            cache.retainOnly(candidates);
        }
        List<String> problems = new ArrayList<>();
        List<MigrationFile> files = new ArrayList<>();
        for (Loaded result : results) {
            if (result.problem() != null) {
                problems.add(result.problem());
            } else {
                files.add(result.file());
            }
        }
        if (!problems.isEmpty()) {
            throw new MigrationFilesException(
                    "schemagate: bad migration files in " + folder.toAbsolutePath(),
                    problems,
                    "fix or rename the files listed above; nothing was applied.");
        }
        files.sort((a, b) -> a.version().compareTo(b.version()));
        return files;
    }

    /** One file's outcome: the migration, or the problem with it. */
    private record Loaded(MigrationFile file, String problem) {
        static Loaded problem(String problem) {
            return new Loaded(null, problem);
        }
    }

    private static Loaded load(Path path, KnownFiles cache) {
        if (cache == null) {
            return load(path);
        }
        MigrationFile known =
                cache.lookup(path, MigrationName.parse(path.getFileName().toString()));
        if (known != null) {
            return new Loaded(known, null);
        }
        // The stamp is taken before reading: a file written meanwhile then differs at the next lookup.
        FileStamp before = FileStamp.of(path);
        Loaded loaded = load(path);
        if (loaded.file() != null) {
            cache.remember(path, before, loaded.file());
        }
        return loaded;
    }

    private static Loaded load(Path path) {
        String name = path.getFileName().toString();
        MigrationName parsed = MigrationName.parse(name);
        String text;
        try {
            text = Checksum.normalize(decodeUtf8(Files.readAllBytes(path)));
        } catch (CharacterCodingException e) {
            return Loaded.problem(name + ": is not valid UTF-8; save it as UTF-8");
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(path)) {
                return Loaded.problem(name + ": is a symbolic link to " + linkTarget(path)
                        + ", which does not exist; fix the link or remove it");
            }
            return unreadable(name, e);
        } catch (IOException e) {
            return unreadable(name, e);
        }
        if (text.isBlank()) {
            return Loaded.problem(name + ": is empty; write the migration's SQL or delete the file");
        }
        return new Loaded(
                new MigrationFile(parsed.version(), parsed.description(), name, path, text, Checksum.of(text)), null);
    }

    private static Loaded unreadable(String name, IOException e) {
        return Loaded.problem(name + ": cannot be read (" + describe(e) + "); let user "
                + System.getProperty("user.name") + " read it, or restore it if it was deleted");
    }

    private static String linkTarget(Path link) {
        try {
            return link.resolveSibling(Files.readSymbolicLink(link)).toString();
        } catch (IOException e) {
            return "a path that cannot be read (" + e + ")";
        }
    }

    /** "permission denied" rather than the exception's class name and the path the message repeats. */
    private static String describe(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (cause instanceof NoSuchFileException) {
            return "it no longer exists";
        }
        return String.valueOf(cause);
    }

    /**
     * A {@code .sql} file, not hidden, read through a symbolic link if it is one. A link whose target is gone counts
     * too, so that it is reported (see {@link #load(Path)}) instead of leaving the batch unseen; folders do not.
     */
    private static boolean isCandidate(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".sql")
                && !name.startsWith(".")
                && (Files.isRegularFile(path) || (Files.isSymbolicLink(path) && !Files.exists(path)));
    }

    private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
