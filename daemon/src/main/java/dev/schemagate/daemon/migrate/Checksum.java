package dev.schemagate.daemon.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of a migration script: SHA-256 over its text with the BOM removed and line endings made '\n'.
 *
 * <p>So a file checked out with CRLF on one machine and LF on another is the same migration.
 */
public final class Checksum {
    /** Cloned per use: cheaper than a provider lookup per file, and a clone is private to its thread. */
    private static final MessageDigest SHA_256 = sha256();

    private Checksum() {}

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Removes a leading BOM and turns CRLF and lone CR into LF: the text the checksum and the engine see. */
    public static String normalize(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** SHA-256 of the normalized text, lower-case hex. */
    public static String of(String text) {
        try {
            MessageDigest digest = (MessageDigest) SHA_256.clone();
            return HexFormat.of().formatHex(digest.digest(normalize(text).getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 digest supports clone()", e);
        }
    }

    /** The first 12 hex digits: enough to tell two versions of a file apart in a message. */
    public static String shortForm(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) : checksum;
    }
}
