package dev.schemagate.daemon.migrate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The names and {@link FileStamp}s of every {@code *.sql} entry in a migrations folder (hidden ones aside, as the
 * resolver skips them), in name order, as bytes: two equal listings mean the folder holds the same files with the
 * same content, with exactly {@link FileStamp}'s blind spots. {@link NoopRecord} compares them without reading or
 * hashing a single file.
 *
 * <p>It is built from the cheapest calls Java has (one {@code readdir} for the names, one {@code stat} per file, split
 * over two threads): stat-ing 10,000 files costs this kernel about 44 ms on one core, most of the budget of a no-op.
 */
final class FolderListing {
    private static final int LONGS_PER_FILE = 5;

    private FolderListing() {}

    /**
     * The listing of {@code folder} now, or null when it cannot be taken whole (the folder or an entry cannot be
     * read, a link's target is gone): then there is nothing to compare, and the caller does the full work.
     */
    static byte[] take(Path folder) {
        String[] all = folder.toFile().list();
        if (all == null) {
            return null;
        }
        List<String> kept = new ArrayList<>(all.length);
        for (String name : all) {
            if (name.endsWith(".sql") && !name.startsWith(".")) {
                kept.add(name);
            }
        }
        String[] names = kept.toArray(new String[0]);
        Arrays.sort(names);
        long[] stamps = new long[names.length * LONGS_PER_FILE];
        // Half the stat calls on a second thread: the kernel's part is most of the cost, and the caller has 2 cores.
        StatRange odd = new StatRange(folder, names, stamps, 1);
        Thread helper = new Thread(odd, "schemagate-listing");
        helper.setDaemon(true);
        helper.start();
        StatRange even = new StatRange(folder, names, stamps, 0);
        even.run();
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (!even.whole || !odd.whole) {
            return null;
        }
        return encode(names, stamps);
    }

    private static byte[] encode(String[] names, long[] stamps) {
        byte[][] encoded = new byte[names.length][];
        int size = 4;
        for (int i = 0; i < names.length; i++) {
            encoded[i] = names[i].getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length + 8 * LONGS_PER_FILE;
        }
        // Length-prefixed names: a name may hold any byte but '/' and NUL, newlines included.
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(names.length);
        for (int i = 0; i < names.length; i++) {
            out.putInt(encoded[i].length).put(encoded[i]);
            for (int k = 0; k < LONGS_PER_FILE; k++) {
                out.putLong(stamps[i * LONGS_PER_FILE + k]);
            }
        }
        return out.array();
    }

    /** Stats every second name from {@code first}; {@code whole} is false once one cannot be stat-ed. */
    private static final class StatRange implements Runnable {
        private final Path folder;
        private final String[] names;
        private final long[] stamps;
        private final int first;
        private volatile boolean whole = true;

        StatRange(Path folder, String[] names, long[] stamps, int first) {
            this.folder = folder;
            this.names = names;
            this.stamps = stamps;
            this.first = first;
        }

        @Override
        public void run() {
            for (int i = first; i < names.length; i += 2) {
                FileStamp s = FileStamp.of(folder.resolve(names[i]));
                if (s == null) {
                    whole = false;
                    return;
                }
                int at = i * LONGS_PER_FILE;
                stamps[at] = s.dev();
                stamps[at + 1] = s.ino();
                stamps[at + 2] = s.size();
                stamps[at + 3] = s.mtimeNanos();
                stamps[at + 4] = s.ctimeNanos();
            }
        }
    }
}
