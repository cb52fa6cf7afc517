package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says about a migration file without reading it: device and inode (a file replaced by rename
 * is a new file), size, and the modification and status-change times with nanoseconds. Two equal stamps mean the
 * content is taken to be the same; the checksum caches ({@link FileIdentityCache}, {@link ChecksumCache}) rest on it.
 *
 * <p>The status-change time cannot be set from user space ({@code touch -d} and {@code cp -p} set mtime, and that
 * changes ctime), so an edit that restores the old mtime still changes the stamp. What it cannot see: a rewrite that
 * keeps the size and whose mtime and ctime land on the same file-system timestamp as the previous write (the same
 * kernel clock tick, a few milliseconds, on ext4, XFS or tmpfs; the same second on file systems that store whole
 * seconds; two seconds on FAT), or a device image restored with the old inode and times.
 *
 * @param mtimeNanos the modification time, nanoseconds since the epoch
 * @param ctimeNanos the status-change time, nanoseconds since the epoch
 */
record FileStamp(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {
    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

    // Links are followed on purpose: a Kubernetes ConfigMap swaps a symlink to new files, and the target is what is
    // read.
    /** The file's stamp now, or null when it cannot be read (then nothing is cached for it). */
    static FileStamp of(Path path) {
        try {
            return UnixStat.AVAILABLE ? UnixStat.of(path) : viaUnixView(path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The stamp through the {@code unix:} attribute view: what {@link #of} reads when the JDK keeps its stat shut. */
    static FileStamp viaUnixView(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES);
        return new FileStamp(
                (Long) a.get("dev"),
                (Long) a.get("ino"),
                (Long) a.get("size"),
                nanos(a.get("lastModifiedTime")),
                nanos(a.get("ctime")));
    }

    /** Whether {@link #of} reads the JDK's stat object directly (the jar's manifest, surefire's argLine). */
    static boolean readsStatDirectly() {
        return UnixStat.AVAILABLE;
    }

    /**
     * The same five fields from the same {@code stat} call, read from the JDK's own attributes object instead of the
     * {@code unix:} view's map of boxed values and {@code FileTime}s: about half the CPU for 10,000 files in a fresh
     * JVM (BENCHMARKS.md, row 4). The object's class is internal, so this needs {@code Add-Opens: java.base/sun.nio.fs}, which
     * {@code java -jar schemagate.jar} has from its manifest; anywhere else (the jar on a class path, a JDK whose
     * class has other fields) it is simply not used.
     */
    private static final class UnixStat {
        private static final String[] FIELDS = {
            "st_dev", "st_ino", "st_size", "st_mtime_sec", "st_mtime_nsec", "st_ctime_sec", "st_ctime_nsec"
        };
        private static final Field[] STAT = fields();
        static final boolean AVAILABLE = STAT != null;

        private UnixStat() {}

        private static Field[] fields() {
            try {
                Class<?> type = Class.forName("sun.nio.fs.UnixFileAttributes");
                Field[] fields = new Field[FIELDS.length];
                for (int i = 0; i < FIELDS.length; i++) {
                    fields[i] = type.getDeclaredField(FIELDS[i]);
                    if (fields[i].getType() != long.class) {
                        return null;
                    }
                    fields[i].setAccessible(true);
                }
                return fields;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // not opened to us, or not this JDK's layout: the map it is
            }
        }

        static FileStamp of(Path path) throws IOException {
            Object a = Files.readAttributes(path, PosixFileAttributes.class);
            try {
                return new FileStamp(
                        STAT[0].getLong(a),
                        STAT[1].getLong(a),
                        STAT[2].getLong(a),
                        nanos(STAT[3].getLong(a), STAT[4].getLong(a)),
                        nanos(STAT[5].getLong(a), STAT[6].getLong(a)));
            } catch (IllegalAccessException | IllegalArgumentException e) {
                throw new IllegalStateException(e);
            }
        }

        /** As {@code FileTime.to(NANOSECONDS)} for the same seconds and nanoseconds. */
        private static long nanos(long seconds, long nanos) {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        }
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
