package dev.schemagate.daemon.systemd;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.protocol.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Identifies an inherited fd as a listening Unix stream socket through /proc (Java has no getsockopt for it). */
final class UnixSockets {
    /** /proc/net/unix: __SO_ACCEPTCON in Flags marks a listening socket; Type 0001 is SOCK_STREAM. */
    static final int SO_ACCEPTCON = 0x10000;

    static final int SOCK_STREAM = 1;

    private UnixSockets() {}

    /** The path a listening Unix stream socket {@code fd} of this process is bound to, or exit 78. */
    static String listeningPath(int fd) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (!link.startsWith("socket:[")) {
                throw notASocket(fd, link);
            }
            String inode = link.substring("socket:[".length(), link.length() - 1);
            String path = listeningPath(Files.readAllLines(Path.of("/proc/net/unix")), inode);
            if (path == null) {
                throw notASocket(fd, link + ", not a listening Unix stream socket");
            }
            return path;
        } catch (IOException e) {
            throw notASocket(fd, e.toString());
        }
    }

    /** The path of the listening stream socket with {@code inode} in a /proc/net/unix table, or null. */
    static String listeningPath(List<String> table, String inode) {
        for (String line : table.subList(1, table.size())) {
            // Num RefCount Protocol Flags Type St Inode [Path]
            String[] f = line.trim().split("\\s+", 8);
            if (f.length >= 7 && f[6].equals(inode)) {
                boolean listening = (Integer.parseInt(f[3], 16) & SO_ACCEPTCON) != 0;
                boolean stream = Integer.parseInt(f[4], 16) == SOCK_STREAM;
                return listening && stream ? (f.length == 8 ? f[7] : "") : null;
            }
        }
        return null;
    }

    private static SchemagateException notASocket(int fd, String what) {
        return new SchemagateException(
                ExitCodes.CONFIG,
                "schemagate: socket activation passed fd " + fd + " (" + what
                        + "). Action: the socket unit must have exactly one ListenStream= with a Unix socket path.");
    }
}
