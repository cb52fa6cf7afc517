package dev.schemagate.daemon.migrate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The names and {@link FileStamp}s of every {@code *.sql} entry in a migrations folder (hidden ones aside, as the
 * resolver skips them), in the order the folder lists them, as bytes: two equal listings mean the folder holds the
 * same files with the same content, with exactly {@link FileStamp}'s blind spots. {@link NoopRecord} compares them
 * without reading or hashing a single file.
 *
 * <p>It is built from the cheapest calls Java has (one {@code readdir} for the names, one {@code stat} per file) on
 * one thread: {@link NoopRecord#check} reads the history on another, and a second listing thread only fought the
 * JIT compiler threads for the same 2 cores (no faster in a fresh JVM, BENCHMARKS.md row 4).
 */
final class FolderListing {
    private static final int LONGS_PER_FILE = 5;

    private FolderListing() {}

    /**
     * The listing of {@code folder} now, or null when it cannot be taken whole (the folder or an entry cannot be
     * read, a link's target is gone): then there is nothing to compare, and the caller does the full work.
     */
    static byte[] take(Path folder) {
        String[] names = folder.toFile().list();
        if (names == null) {
            return null;
        }
        int count = 0;
        for (String name : names) {
            if (name.endsWith(".sql") && !name.startsWith(".")) {
                names[count++] = name;
            }
        }
        // In the order the folder lists them, not sorted (sorting 10,000 names cost a fresh JVM 9 ms): an unchanged
        // folder lists in the same order, and another order only makes a comparison fail, which is the safe side.
        names = Arrays.copyOf(names, count);
        long[] stamps = new long[count * LONGS_PER_FILE];
        for (int i = 0; i < count; i++) {
            FileStamp stamp = stampOf(folder, names[i]);
            if (stamp == null) {
                return null;
            }
            int at = i * LONGS_PER_FILE;
            stamps[at] = stamp.dev();
            stamps[at + 1] = stamp.ino();
            stamps[at + 2] = stamp.size();
            stamps[at + 3] = stamp.mtimeNanos();
            stamps[at + 4] = stamp.ctimeNanos();
        }
        return encode(names, stamps);
    }

    /**
     * The stamp of {@code name} in {@code folder}, or null. A name the JVM's file-name encoding could not decode comes
     * back from {@code File.list} with replacement characters, which a multibyte encoding (EUC-JP, GBK) cannot encode
     * again: then there is no path to stat, and the full way, which reads the folder's raw names, decides.
     */
    private static FileStamp stampOf(Path folder, String name) {
        try {
            return FileStamp.of(folder.resolve(name));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * The count, the joined names' length, the names joined by NUL (the one byte no name holds besides '/'), then the
     * stamps: a few bulk copies instead of a dozen calls per file, which a fresh JVM runs interpreted.
     */
    private static byte[] encode(String[] names, long[] stamps) {
        byte[] joined = String.join("\0", names).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + joined.length + 8 * stamps.length);
        out.putInt(names.length).putInt(joined.length).put(joined);
        out.asLongBuffer().put(stamps);
        return out.array();
    }
}
