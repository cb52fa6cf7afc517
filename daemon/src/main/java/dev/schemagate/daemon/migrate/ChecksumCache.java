package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The checksums of the migration files as an earlier {@code schemagate migrate} hashed them, kept beside the database
 * in {@code DATABASE.schemagate-checksums}, so that a no-op {@code migrate} in a fresh process (every deploy) looks at
 * each file's {@link FileStamp} instead of reading and hashing it.
 *
 * <p>It only ever confirms "nothing to do": {@link Migrator#migrateWithChecksumCache} reads and hashes every file
 * again before it applies anything or reports a problem. What it cannot see is what {@link FileStamp} cannot; {@code
 * schemagate validate} never uses it. The file is advisory: it is read without the database's lock, written by
 * rename into place after the files are resolved, and a missing, corrupt, foreign (another migrations folder) or
 * untrusted one (not a regular file, writable by group or others, or owned by neither this user nor root) is
 * ignored; a failed write is a note, never a failed migration.
 */
final class ChecksumCache implements KnownFiles {
    /** Appended to the database's file name. */
    static final String SUFFIX = ".schemagate-checksums";

    private static final String MAGIC = "schemagate-checksums 1";

    private record Entry(FileStamp stamp, String checksum) {}

    private final Path file;
    private final String folder;
    private final Map<String, Entry> stored;
    private final Map<String, Entry> seen = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final Consumer<String> notes;

    private ChecksumCache(Path file, String folder, Map<String, Entry> stored, Consumer<String> notes) {
        this.file = file;
        this.folder = folder;
        this.stored = stored;
        this.notes = notes;
    }

    /** Where the cache of {@code database} lives. */
    static Path pathFor(Path database) {
        return database.resolveSibling(database.getFileName() + SUFFIX);
    }

    /**
     * Reads the cache for {@code migrations}; an absent, unusable or foreign one gives an empty cache (every file is
     * read), with a line to {@code notes} saying why when it exists.
     */
    static ChecksumCache open(Path database, Path migrations, Consumer<String> notes) {
        Path file = pathFor(database);
        String folder = migrations.toAbsolutePath().normalize().toString();
        Map<String, Entry> stored = Map.of();
        try {
            String problem = AdvisoryFile.untrusted(file);
            if (problem == null) {
                Map<String, Entry> parsed = parse(Files.readAllBytes(file), folder);
                if (parsed == null) {
                    problem = "corrupt, or written for another migrations folder";
                } else {
                    stored = parsed;
                }
            }
            if (problem != null) {
                notes.accept("ignoring the checksum cache " + file + " (" + problem
                        + "); every migration file is read and hashed, and the cache is written anew");
            }
        } catch (NoSuchFileException e) {
            // The first run: nothing to say.
        } catch (IOException | RuntimeException e) {
            notes.accept("ignoring the checksum cache " + file + " (" + AdvisoryFile.describe(e)
                    + "); every migration file is read and hashed");
        }
        return new ChecksumCache(file, folder, stored, notes);
    }

    /** How many files were taken from the cache without reading them. */
    int hits() {
        return hits.get();
    }

    @Override
    public MigrationFile lookup(Path path, MigrationName name) {
        String script = path.getFileName().toString();
        Entry entry = stored.get(script);
        if (entry == null || name == null || !entry.stamp().equals(FileStamp.of(path))) {
            return null;
        }
        seen.put(script, entry);
        hits.incrementAndGet();
        return new MigrationFile(name.version(), name.description(), script, path, null, entry.checksum());
    }

    @Override
    public void remember(Path path, FileStamp before, MigrationFile migration) {
        if (before != null) {
            seen.put(path.getFileName().toString(), new Entry(before, migration.checksum()));
        }
    }

    /** Nothing to do: {@link #save()} writes only the files this run saw, so deleted ones drop out. */
    @Override
    public void retainOnly(Collection<Path> present) {}

    /**
     * Writes what this run saw, when it differs from what was read: to a temporary file in the database's folder,
     * renamed into place, so a reader sees the old or the new cache, whole. Never throws.
     */
    void save() {
        if (seen.equals(stored)) {
            return;
        }
        try {
            AdvisoryFile.replace(file, format(folder, new TreeMap<>(seen)));
        } catch (IOException | RuntimeException e) {
            notes.accept("cannot write the checksum cache " + file + " (" + AdvisoryFile.describe(e)
                    + "); the next migrate reads and hashes every file again. Action: let this user write the"
                    + " database's folder, or ignore this note");
        }
    }

    private static byte[] format(String folder, Map<String, Entry> entries) {
        StringBuilder text = new StringBuilder(100 + entries.size() * 140);
        text.append(MAGIC).append('\n').append("folder ").append(folder).append('\n');
        entries.forEach((script, e) -> {
            if (script.indexOf('\n') >= 0) {
                return; // cannot be written as a line; such a file is simply read every time
            }
            FileStamp s = e.stamp();
            text.append(e.checksum())
                    .append(' ')
                    .append(s.dev())
                    .append(' ')
                    .append(s.ino())
                    .append(' ');
            text.append(s.size())
                    .append(' ')
                    .append(s.mtimeNanos())
                    .append(' ')
                    .append(s.ctimeNanos())
                    .append(' ');
            text.append(script).append('\n');
        });
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] trailer = ("crc32 " + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[body.length + trailer.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(trailer, 0, all, body.length, trailer.length);
        return all;
    }

    /** The entries, or null when the bytes are not a whole cache for {@code folder}. */
    private static Map<String, Entry> parse(byte[] bytes, String folder) {
        int end = bytes.length - 1;
        if (end < 0 || bytes[end] != '\n') {
            return null;
        }
        int trailerStart = end;
        while (trailerStart > 0 && bytes[trailerStart - 1] != '\n') {
            trailerStart--;
        }
        String trailer = new String(bytes, trailerStart, end - trailerStart, StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, trailerStart);
        if (!trailer.equals("crc32 " + Long.toHexString(crc.getValue()))) {
            return null;
        }
        String[] lines = new String(bytes, 0, trailerStart, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[1].equals("folder " + folder)) {
            return null;
        }
        Map<String, Entry> entries = new HashMap<>(lines.length * 2);
        for (int i = 2; i < lines.length; i++) {
            String[] f = lines[i].split(" ", 7);
            if (f.length != 7 || f[0].length() != 64) {
                return null;
            }
            try {
                FileStamp stamp = new FileStamp(
                        Long.parseLong(f[1]),
                        Long.parseLong(f[2]),
                        Long.parseLong(f[3]),
                        Long.parseLong(f[4]),
                        Long.parseLong(f[5]));
                entries.put(f[6], new Entry(stamp, f[0]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return entries;
    }
}
