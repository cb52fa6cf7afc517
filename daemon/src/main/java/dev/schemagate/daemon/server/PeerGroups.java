package dev.schemagate.daemon.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The supplementary groups of a client process, from {@code /proc/<pid>/status}.
 *
 * <p>Why not from the socket: {@code SO_PEERCRED} (and so Netty's {@code PeerCredentials.gids()}) carries only the
 * primary group, while the kernel's permission check on the socket file does count supplementary groups. An
 * operator who writes {@code allowGroups: schemagate} means "members of schemagate", which nearly always means a
 * supplementary membership, so the daemon reads the rest where Linux publishes it.
 *
 * <p>What must stay true: the file is read while the client is still connected (right after accept), and its
 * {@code Uid:} line must show the effective uid the socket reported; otherwise the pid may already belong to another
 * process (the client exited and the pid was reused) and no supplementary group is trusted.
 */
final class PeerGroups {
    private final Path proc;

    PeerGroups(Path proc) {
        this.proc = proc;
    }

    static PeerGroups system() {
        return new PeerGroups(Path.of("/proc"));
    }

    /** The supplementary groups of {@code peer}, or an empty set when they cannot be read or do not match. */
    Set<Integer> of(PeerIdentity peer) {
        if (peer.pid() <= 0) {
            return Set.of();
        }
        String status;
        try {
            status = Files.readString(
                    proc.resolve(Integer.toString(peer.pid())).resolve("status"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Set.of(); // gone already, or hidden (hidepid): only the uid and primary group count
        }
        return parse(status, peer.uid());
    }

    /** The {@code Groups:} line of a status file whose effective uid (second field of {@code Uid:}) is {@code uid}. */
    static Set<Integer> parse(String status, int uid) {
        Set<Integer> groups = new HashSet<>();
        boolean uidMatches = false;
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                uidMatches = ids.length > 1 && ids[1].equals(Integer.toString(uid));
            } else if (line.startsWith("Groups:")) {
                for (String id : line.substring(7).trim().split("\\s+")) {
                    if (!id.isEmpty()) {
                        try {
                            groups.add(Integer.parseInt(id));
                        } catch (NumberFormatException e) {
                            return Set.of(); // not the format Linux writes: trust nothing from it
                        }
                    }
                }
            }
        }
        return uidMatches ? groups : Set.of();
    }
}
