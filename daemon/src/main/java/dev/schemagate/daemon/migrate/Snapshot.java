package dev.schemagate.daemon.migrate;

import java.nio.file.Path;

/** A copy of the database as it was before a batch: its file, size and how long taking it took. */
public record Snapshot(Path file, long bytes, long millis) {}
