package dev.schemagate.daemon.migrate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A migration's text as the history stores it: {@code sql_data} holds the UTF-8 bytes, zlib-compressed unless that
 * would not make them smaller, and {@code sql_size} their length. This is the SQLite archive's convention (the data
 * is compressed exactly when it is shorter than the size), so an operator reads it with the {@code sqlite3} shell's
 * own function: {@code SELECT sqlar_uncompress(sql_data, sql_size) FROM schemagate_history}.
 *
 * @param data the stored bytes
 * @param size the length of the UTF-8 text
 */
record StoredText(byte[] data, int size) {

    /** Compresses {@code text} when that pays. */
    static StoredText of(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            // A deflated text no larger than the raw one is the only kind worth keeping.
            byte[] buffer = new byte[raw.length];
            int length = 0;
            while (!deflater.finished() && length < buffer.length) {
                length += deflater.deflate(buffer, length, buffer.length - length);
            }
            if (!deflater.finished() || length >= raw.length) {
                return new StoredText(raw, raw.length);
            }
            return new StoredText(Arrays.copyOf(buffer, length), raw.length);
        } finally {
            deflater.end();
        }
    }

    /** The text back; throws {@link IllegalArgumentException} when the bytes are not what {@link #of} wrote. */
    String text() {
        if (data.length == size) {
            return new String(data, StandardCharsets.UTF_8);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            byte[] buffer = new byte[Math.max(64, Math.min(size, 1 << 16))];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("the stored text is cut short");
                }
                out.write(buffer, 0, n);
            }
            if (out.size() != size) {
                throw new IllegalArgumentException("the stored text has " + out.size() + " bytes, not " + size);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("the stored text is not zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
