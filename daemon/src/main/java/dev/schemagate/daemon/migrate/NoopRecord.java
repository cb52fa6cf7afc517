package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The inputs of the last no-op that {@code schemagate migrate} proved the full way, kept beside the database in
 * {@code DATABASE.schemagate-noop}: the migrations folder's {@link FolderListing} and the history's {@link
 * SchemaHistory#fingerprintOrNull fingerprint}, read in the same transaction as the plan that found nothing pending,
 * no problem and no warning.
 *
 * <p>The plan of a no-op is a function of the files' names and contents and of the rows' versions, checksums and
 * kinds. When a later fresh process finds the listing and the fingerprint byte for byte as recorded, it has the same
 * inputs, so the same plan: it says "nothing pending" without reading a migration file or a history row through JDBC
 * (for 10,000 migrations: one {@code stat} per file and one query SQLite answers by itself). Anything else (another
 * listing or history, a busy writer, an absent, corrupt, foreign or untrusted record) goes the full way, which
 * records anew when it again proves a clean no-op. What it cannot see is what {@link FileStamp} cannot; {@code
 * schemagate validate}, {@code status} and the daemon never use it.
 */
final class NoopRecord {
    /** Appended to the database's file name. */
    static final String SUFFIX = ".schemagate-noop";

    private static final byte[] MAGIC = "schemagate-noop 1\n".getBytes(StandardCharsets.US_ASCII);

    private final MigrationVersion highest;
    private final Slice listing;
    private final Slice history;

    NoopRecord(MigrationVersion highest, byte[] listing, byte[] history) {
        this(highest, Slice.of(listing), Slice.of(history));
    }

    private NoopRecord(MigrationVersion highest, Slice listing, Slice history) {
        this.highest = highest;
        this.listing = listing;
        this.history = history;
    }

    /** Part of an array: a record read from its file compares in place (megabytes for 10,000 files), not copied. */
    private record Slice(byte[] bytes, int from, int to) {
        static Slice of(byte[] bytes) {
            return new Slice(bytes, 0, bytes.length);
        }

        boolean matches(byte[] other) {
            return Arrays.equals(bytes, from, to, other, 0, other.length);
        }
    }

    /**
     * What {@link #check} found: whether the record holds, then with the highest version it recorded; and the folder's
     * listing taken for it (null: none).
     */
    record Check(boolean holds, MigrationVersion highest, byte[] listing) {}

    /** Where the record of {@code database} lives. */
    static Path pathFor(Path database) {
        return database.resolveSibling(database.getFileName() + SUFFIX);
    }

    /** The highest applied version the recorded no-op found (null: none applied). */
    MigrationVersion highest() {
        return highest;
    }

    /**
     * The record for these settings, or null: silently when there is none yet, with a line to {@code notes} when one
     * exists but cannot be used.
     */
    static NoopRecord read(MigrateSettings settings, Consumer<String> notes) {
        Path file = pathFor(settings.database());
        try {
            String problem = AdvisoryFile.untrusted(file);
            NoopRecord record = null;
            if (problem == null) {
                record = parse(Files.readAllBytes(file), settings);
                if (record == null) {
                    problem = "corrupt, or written for another migrations folder or --allow-out-of-order";
                }
            }
            if (problem != null) {
                notes.accept("ignoring the no-op record " + file + " (" + problem + "); migrate checks every file and"
                        + " the history, and writes the record anew");
            }
            return record;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            notes.accept("ignoring the no-op record " + file + " (" + AdvisoryFile.describe(e) + "); migrate checks"
                    + " every file and the history");
            return null;
        }
    }

    /**
     * The check of the record file beside {@code settings}' database, as a fresh {@code migrate} makes it: the history's
     * fingerprint is read on its own thread from the start, while this one reads the record and lists the folder (the
     * record is 1.5 MB for 10,000 migrations). Without a usable record it is the folder's listing alone: what a run
     * that goes the full way records once it proves a clean no-op, taken before it reads any file.
     */
    static Check checkFile(MigrateSettings settings, Consumer<String> notes) {
        FutureTask<byte[]> fingerprint = Files.exists(pathFor(settings.database())) ? fingerprintNow(settings) : null;
        NoopRecord record = read(settings, notes);
        if (record != null) {
            // Another migrate may have written the record since the exists check: then its read starts now.
            return record.check(settings, fingerprint != null ? fingerprint : fingerprintNow(settings));
        }
        if (fingerprint != null) {
            fingerprintOrNull(fingerprint); // its read transaction ends before the full way takes the write lock
        }
        return listingOnly(settings);
    }

    /**
     * {@code record}'s {@link #check}, or without a record (none yet, or unusable) the folder's listing alone: what a
     * run that goes the full way records once it proves a clean no-op, taken before it reads any file.
     */
    static Check check(NoopRecord record, MigrateSettings settings) {
        return record != null ? record.check(settings) : listingOnly(settings);
    }

    /** No record to check: the folder's listing alone, for the full way to record. */
    private static Check listingOnly(MigrateSettings settings) {
        return new Check(false, null, FolderListing.take(settings.migrations()));
    }

    /**
     * Takes the folder's listing and reads the history's fingerprint now, side by side (the kernel's stat calls and
     * SQLite's schema load are each about half the cost), and compares both with the record. Never throws: any doubt
     * is "does not hold".
     */
    Check check(MigrateSettings settings) {
        return check(settings, fingerprintNow(settings));
    }

    private Check check(MigrateSettings settings, FutureTask<byte[]> fingerprint) {
        byte[] now = FolderListing.take(settings.migrations());
        byte[] historyNow = fingerprintOrNull(fingerprint);
        boolean holds = now != null && historyNow != null && listing.matches(now) && history.matches(historyNow);
        return new Check(holds, holds ? highest : null, now);
    }

    /** The history's fingerprint, being read on a thread of its own from now on. */
    private static FutureTask<byte[]> fingerprintNow(MigrateSettings settings) {
        FutureTask<byte[]> fingerprint = new FutureTask<>(() -> HistoryReader.fingerprintUnlessBusy(settings));
        Thread reader = new Thread(fingerprint, "schemagate-noop-history");
        reader.setDaemon(true);
        reader.start();
        return fingerprint;
    }

    private static byte[] fingerprintOrNull(FutureTask<byte[]> fingerprint) {
        try {
            return fingerprint.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Records a proven clean no-op: {@code listing} taken before any file was read, {@code history} read with the plan.
     * A failed write is a note; an unchanged record is not rewritten.
     */
    static void save(
            MigrateSettings settings,
            byte[] listing,
            byte[] history,
            MigrationVersion highest,
            Consumer<String> notes) {
        Path file = pathFor(settings.database());
        byte[] bytes = format(settings, highest, listing, history);
        try {
            if (!alreadyHolds(file, bytes)) {
                AdvisoryFile.replace(file, bytes);
            }
        } catch (IOException | RuntimeException e) {
            notes.accept("cannot write the no-op record " + file + " (" + AdvisoryFile.describe(e) + "); the next"
                    + " migrate checks every file and the history again. Action: let this user write the database's"
                    + " folder, or ignore this note");
        }
    }

    /** Whether {@code file} is a trusted record with exactly these bytes (then it is not written again). */
    private static boolean alreadyHolds(Path file, byte[] bytes) {
        try {
            return AdvisoryFile.untrusted(file) == null && Arrays.equals(Files.readAllBytes(file), bytes);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] format(MigrateSettings settings, MigrationVersion highest, byte[] listing, byte[] history) {
        byte[] folder = folderOf(settings);
        byte[] version = highest == null ? new byte[0] : highest.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length
                + 4
                + folder.length
                + 1
                + 4
                + version.length
                + 4
                + listing.length
                + 4
                + history.length
                + 8);
        out.put(MAGIC);
        out.putInt(folder.length).put(folder);
        out.put((byte) (settings.allowOutOfOrder() ? 1 : 0));
        out.putInt(highest == null ? -1 : version.length).put(version);
        out.putInt(listing.length).put(listing);
        out.putInt(history.length).put(history);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        return out.array();
    }

    /** The record, or null when the bytes are not a whole record for these settings. */
    private static NoopRecord parse(byte[] bytes, MigrateSettings settings) {
        if (bytes.length < MAGIC.length + 8 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (in.getLong(bytes.length - 8) != crc.getValue()) {
            return null;
        }
        try {
            in.position(MAGIC.length);
            in.limit(bytes.length - 8);
            if (!field(in).matches(folderOf(settings)) || in.get() != (settings.allowOutOfOrder() ? 1 : 0)) {
                return null;
            }
            int versionLength = in.getInt();
            MigrationVersion highest = null;
            if (versionLength >= 0) {
                byte[] version = new byte[versionLength];
                in.get(version);
                highest = MigrationVersion.parseOrNull(new String(version, StandardCharsets.UTF_8));
                if (highest == null) {
                    return null;
                }
            } else if (versionLength != -1) {
                return null;
            }
            Slice listing = field(in);
            Slice history = field(in);
            return in.hasRemaining() ? null : new NoopRecord(highest, listing, history);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Slice field(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("field length " + length);
        }
        Slice value = new Slice(in.array(), in.position(), in.position() + length);
        in.position(in.position() + length);
        return value;
    }

    private static byte[] folderOf(MigrateSettings settings) {
        return settings.migrations().toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
    }
}
