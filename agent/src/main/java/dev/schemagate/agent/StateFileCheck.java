package dev.schemagate.agent;

import dev.schemagate.protocol.StateFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fast path: reads the daemon's state file, and says whether the wait is over (READY), worth polling a little
 * longer (the daemon is alive and working on it), or a matter for the socket.
 *
 * <p>The file counts only when only the daemon's user (the owner of the socket's folder) or root can have written
 * it, and the daemon it names is alive: a regular file (not a link) owned by uid U, root or the folder's owner, and
 * writable by nobody else; the folder writable by nobody but its owner; process {@code pid} exists, belongs to U, and
 * started at the recorded time (so a reused pid does not count). A file that exists but fails the ownership rules
 * earns a one-line note, since it means someone else wrote it.
 */
final class StateFileCheck {
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    // What read() says. Numbers rather than an enum: an enum is one more class for every worker JVM to load from the
    // agent jar on the READY fast path (Agent.readyAtOnce), where each class counts.

    /** A live, trusted daemon is READY at a version that satisfies requires=: the wait is over. */
    static final int READY = 0;

    /** A live, trusted daemon is starting, locking or migrating: polling the file a little longer is cheap. */
    static final int WORKING = 1;

    /** No file, a stale or untrusted one, FAILED, or READY below requires=: ask the daemon over the socket. */
    static final int ASK = 2;

    private final Path file;
    private final String requires;
    private final String label;
    private final PrintStream err;
    private boolean noted;
    private String version;

    StateFileCheck(GateOptions options, PrintStream err) {
        this(options.socket(), options.requires(), options.label(), err);
    }

    /**
     * A check of the state file beside {@code socket}.
     *
     * @param requires the lowest version that counts as READY, or null
     * @param err where the note about an untrusted file goes; null for none (the agent's first, silent look)
     */
    StateFileCheck(Path socket, String requires, String label, PrintStream err) {
        this.file = StateFile.pathFor(socket);
        this.requires = requires;
        this.label = label;
        this.err = err;
    }

    /** The reason an outcome READY through the state file carries: {@code schema ready at version V}. */
    static String readyReason(String version) {
        return "schema ready at version " + version;
    }

    /** The schema version of the last READY verdict. */
    String version() {
        return version;
    }

    /** {@link #READY}, {@link #WORKING} or {@link #ASK}. */
    int read() {
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) attrs.get("uid");
            String untrusted = untrusted(uid, (Integer) attrs.get("mode"));
            if (untrusted != null) {
                if (!noted && err != null) {
                    noted = true;
                    err.println(label + ": note: ignoring " + file + " (" + untrusted
                            + "); asking the daemon over its socket");
                }
                return ASK;
            }
            StateFile state = StateFile.parse(StateFile.readSmall(file));
            if (state == null
                    || !ownedBy(Path.of("/proc", Long.toString(state.pid())), uid)
                    || StateFile.startTimeOf(state.pid()) != state.startTime()) {
                return ASK; // stale (the daemon died) or torn: the socket knows
            }
            if (state.isReady()) {
                if (requires != null && !state.satisfies(requires)) {
                    return ASK; // the daemon will say WAITING and keep us waiting, as it should
                }
                version = state.version();
                return READY;
            }
            return "FAILED".equals(state.state()) ? ASK : WORKING;
        } catch (IOException | RuntimeException e) {
            // No file (the daemon is not up, or stopped), unreadable for this user, or odd: the socket decides. One
            // catch on purpose: a handler per exception type makes a cold JVM load each type on this fast path.
            return ASK;
        }
    }

    private String untrusted(int uid, int mode) throws IOException {
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
