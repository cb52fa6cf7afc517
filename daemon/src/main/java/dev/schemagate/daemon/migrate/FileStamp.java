package dev.schemagate.daemon.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
            Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES);
            return new FileStamp(
                    (Long) a.get("dev"),
                    (Long) a.get("ino"),
                    (Long) a.get("size"),
                    nanos(a.get("lastModifiedTime")),
                    nanos(a.get("ctime")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
