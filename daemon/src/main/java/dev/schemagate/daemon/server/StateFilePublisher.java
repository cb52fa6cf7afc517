package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.StateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the state file beside the socket in step with the daemon's phase: replaced (atomically, by rename) on every
 * change of phase, so it never says READY once a new run is asked for (a reload's LOCKING replaces it first).
 *
 * <p>States are applied in sequence order and older ones are ignored: the READY of a run and the LOCKING of a
 * reload asked for meanwhile can be broadcast from two threads, and the file must end up as the newer says. Steps
 * within a phase (lock attempts, migrations) do not rewrite it. The daemon deletes the file at stop; at start its
 * first state, STARTING, replaces whatever a predecessor killed with SIGKILL left.
 */
final class StateFilePublisher implements GateListener {
    private static final Logger LOG = Logger.getLogger(StateFilePublisher.class.getName());

    private final Path file;
    private final Path socket;
    private final long pid;
    private final long startTime;
    private long lastSequence = -1;
    private String written;

    StateFilePublisher(Path socket) {
        this.socket = socket.toAbsolutePath();
        this.file = StateFile.pathFor(this.socket);
        this.pid = ProcessHandle.current().pid();
        this.startTime = StateFile.startTimeOf(pid);
    }

    @Override
    public synchronized void changed(GateState state) {
        if (state.sequence() <= lastSequence) {
            return;
        }
        lastSequence = state.sequence();
        if (startTime < 0) {
            return; // no /proc: readers could not check us, so publish nothing and let them use the socket
        }
        StateFile next = state.phase() == Phase.READY
                ? StateFile.ready(state.message().get(Fields.VERSION), pid, startTime)
                : new StateFile(state.phase().name(), null, pid, startTime);
        String text = next.format();
        if (!text.equals(written)) {
            write(text);
        }
    }

    /** Removes the file (at stop); no file is also fine. Later states are ignored. */
    synchronized void delete() {
        lastSequence = Long.MAX_VALUE;
        written = null;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // An undeletable file that says READY would release workers during a run: say so loudly.
            LOG.log(
                    Level.SEVERE,
                    "cannot delete the state file " + file + " (" + e + "); workers may read a stale"
                            + " READY from it. Action: make the socket's folder writable by the daemon's user, or delete it.");
        }
    }

    private void write(String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            // Readable by the socket's group (the workers), writable by nobody else: readers check this.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r-----"));
            copyGroupOfSocket(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = text;
        } catch (IOException | RuntimeException e) {
            // A READY file must not outlive the phase it described: remove it, then workers ask over the socket.
            written = null;
            LOG.log(Level.WARNING, "cannot write the state file " + file + " (" + e + "); workers ask over the socket");
            try {
                Files.deleteIfExists(file);
            } catch (IOException gone) {
                LOG.log(
                        Level.SEVERE,
                        "cannot delete the state file " + file + " (" + gone + "); workers may read a"
                                + " stale state from it. Action: make the socket's folder writable by the daemon's user.");
            }
        }
    }

    /** Best effort: a daemon not in the socket's group keeps its own group, and the group's workers use the socket. */
    private void copyGroupOfSocket(Path tmp) {
        try {
            PosixFileAttributes socketAttrs = Files.readAttributes(socket, PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (!view.readAttributes().group().equals(socketAttrs.group())) {
                view.setGroup(socketAttrs.group());
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "ready file keeps the daemon's group: " + e);
        }
    }
}
