package dev.schemagate.agent;

import dev.schemagate.protocol.ReadyFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fast path: when the daemon's ready file says READY and can be trusted, the wait ends without a socket.
 *
 * <p>Trusted means that only the daemon's user (the owner of the socket's folder) or root can have written it, and
 * that the daemon it names is alive: the file is a regular file (not a link) owned by uid U, root or the folder's
 * owner, and writable by nobody else; the folder is writable by nobody but its owner; process {@code pid} exists,
 * belongs to U, and started at the recorded time (so a reused pid does not count); and the version satisfies
 * {@code requires=}. In every other
 * case the caller asks the daemon over the socket exactly as without the file; a file that exists but fails the
 * ownership rules earns a one-line note, since it means someone else wrote it.
 */
final class ReadyFileCheck {
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private ReadyFileCheck() {}

    /** The READY outcome when the ready file proves it, else null (ask the daemon). */
    static GateOutcome tryReady(GateOptions options, PrintStream err, long startNanos) {
        Path file = ReadyFile.pathFor(options.socket());
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) attrs.get("uid");
            int mode = (Integer) attrs.get("mode");
            String untrusted = untrusted(file, uid, mode);
            if (untrusted != null) {
                err.println(options.label() + ": note: ignoring " + file + " (" + untrusted
                        + "); asking the daemon over its socket");
                return null;
            }
            ReadyFile ready = ReadyFile.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            if (ready == null
                    || !ownedBy(Path.of("/proc", Long.toString(ready.pid())), uid)
                    || ReadyFile.startTimeOf(ready.pid()) != ready.startTime()) {
                return null; // stale (the daemon died or is being replaced) or half-written: the socket knows
            }
            if (options.requires() != null && !ready.satisfies(options.requires())) {
                return null; // the daemon will say WAITING and keep us waiting, as it should
            }
            long elapsed = (System.nanoTime() - startNanos) / 1_000_000L;
            return new GateOutcome(0, "schema ready at version " + ready.version(), ready.version(), elapsed);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable for this user, or odd: the socket path decides
        }
    }

    private static String untrusted(Path file, int uid, int mode) throws IOException {
        if ((mode & 0170000) != 0100000) {
            return "not a regular file";
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
            return "writable by group or others (mode " + Integer.toOctalString(mode & 07777) + ")";
        }
        Path folder = file.toAbsolutePath().getParent();
        Map<String, Object> dir = Files.readAttributes(folder, "unix:uid,mode");
        int folderUid = (Integer) dir.get("uid");
        if (uid != folderUid && uid != 0) {
            return "owned by uid " + uid + ", neither root nor the owner of its folder (uid " + folderUid + ")";
        }
        if (((Integer) dir.get("mode") & GROUP_OR_OTHER_WRITE) != 0) {
            return "its folder " + folder + " is writable by group or others";
        }
        return null;
    }

    private static boolean ownedBy(Path proc, int uid) {
        try {
            return (Integer) Files.getAttribute(proc, "unix:uid") == uid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
