package dev.schemagate.daemon.migrate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of an SQL migration, re-implemented so that {@code import --from flyway} can check each file
 * against the value Flyway stored when it ran it.
 *
 * <p>Flyway reads the script line by line ({@code BufferedReader.readLine}: {@code \n}, {@code \r} and
 * {@code \r\n} end a line and are dropped), strips a BOM from the first line, and feeds each line's UTF-8 bytes to
 * one CRC32 with no separator; the value is stored as a signed 32-bit int. Line terminators therefore never count,
 * which makes it the CRC32 of the normalized text (BOM removed, every line ending {@code \n}) without its
 * {@code \n}s. A test runs real Flyway and compares.
 */
public final class FlywayChecksum {
    private FlywayChecksum() {}

    /** The checksum Flyway stores for a script whose text is {@code text} (raw or normalized). */
    public static int of(String text) {
        String normalized = Checksum.normalize(text);
        CRC32 crc = new CRC32();
        crc.update(normalized.replace("\n", "").getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
