package dev.schemagate.daemon.migrate;

import java.nio.file.Path;
import java.util.Collection;

/**
 * Migration files read before, keyed by their {@link FileStamp}: lets {@link MigrationResolver} skip reading and
 * hashing a file the file system shows unchanged. Names, versions and duplicates are always checked anew.
 */
interface KnownFiles {

    /** The file as known, when its stamp is unchanged; else null (read it). */
    MigrationFile lookup(Path path, MigrationName name);

    /** Records {@code file}, read from {@code path} whose stamp was {@code before} just before reading. */
    void remember(Path path, FileStamp before, MigrationFile file);

    /** Forgets every path not in {@code present}, so a deleted and re-created file is read again. */
    void retainOnly(Collection<Path> present);
}
