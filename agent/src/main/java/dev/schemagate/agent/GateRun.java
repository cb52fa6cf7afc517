package dev.schemagate.agent;

import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.ExitCodes;
import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.LineReader;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.MessageCodec;
import dev.schemagate.protocol.MessageTypes;
import dev.schemagate.protocol.Messages;
import dev.schemagate.protocol.ProtocolException;
import dev.schemagate.protocol.ProtocolVersion;
import dev.schemagate.protocol.SchemaVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One wait: the calling thread connects, talks and reconnects with blocking I/O, while a
 * {@link GateWatchdog} prints progress and, at the deadline, makes it expire.
 */
final class GateRun implements GuardedWait {

    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 250;

    private final GateOptions options;
    private final PrintStream err;
    private final long progressEveryNanos;
    private final long startNanos;
    private final long deadlineNanos;
    private final UnixDomainSocketAddress address;

    // Shared with the watchdog thread.
    private volatile SocketChannel current;
    private volatile boolean expired;
    private volatile String status;
    // The daemon's last reported state, kept apart from status so reconnect notes do not nest.
    private volatile String lastState;

    // Used by the calling thread only.
    private boolean welcomed;
    // True once a daemon answered at all, even with "come back later": its deadline is then 75, not 69.
    private boolean answered;
    private String lastConnectError;

    GateRun(GateOptions options, PrintStream err, long progressEveryMillis) {
        this.options = options;
        this.err = err;
        this.progressEveryNanos = progressEveryMillis * 1_000_000L;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + options.timeoutMillis() * 1_000_000L;
        this.address = UnixDomainSocketAddress.of(options.socket());
        this.status = "daemon not reachable at " + options.socket() + " yet";
    }

    /** Runs the wait on the calling thread; the watchdog lives only as long as this call. */
    GateOutcome await() {
        GateWatchdog watchdog =
                new GateWatchdog(this, options.label(), err, startNanos, deadlineNanos, progressEveryNanos);
        watchdog.start();
        try {
            int attempt = 0;
            while (true) {
                GateOutcome outcome = attempt();
                if (outcome != null) {
                    return outcome;
                }
                long left = remainingMillis();
                if (expired || left <= 0) {
                    return timedOut();
                }
                long pause = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS + 50L * attempt++);
                try {
                    Thread.sleep(Math.min(pause, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return outcome(ExitCodes.TEMP_FAIL, "interrupted while waiting for the schema; " + status, null);
                }
            }
        } finally {
            watchdog.finish();
        }
    }

    /** One connection: null means "try again", anything else ends the wait. */
    private GateOutcome attempt() {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            lastConnectError = describe(e);
            return null;
        }
        current = ch;
        // The watchdog sets expired before it reads current; checking after publishing means one of us closes it.
        if (expired) {
            close(ch);
            return null;
        }
        try {
            try {
                ch.connect(address);
            } catch (IOException e) {
                if (!expired && isPermissionDenied(e)) {
                    // The socket file's mode (or its folder's) refuses this user: waiting does not change that.
                    return outcome(
                            ExitCodes.NO_PERM,
                            "permission denied connecting to " + options.socket() + " as uid " + uid()
                                    + " (the socket is mode 0660: the daemon's user and group only); action: add this"
                                    + " user to the socket's group (for example the schemagate group) and restart it",
                            null);
                }
                if (!expired) {
                    lastConnectError = describe(e);
                    status = "daemon not reachable at " + options.socket() + " yet (" + lastConnectError + ")";
                }
                return null;
            }
            return converse(ch);
        } finally {
            current = null;
            close(ch);
        }
    }

    private GateOutcome converse(SocketChannel ch) {
        try {
            String hello = MessageCodec.encode(Messages.hello(options.app(), pid(), options.requires()));
            ByteBuffer out = ByteBuffer.wrap(hello.getBytes(StandardCharsets.UTF_8));
            try {
                while (out.hasRemaining()) {
                    ch.write(out);
                }
            } catch (IOException e) {
                // A daemon that refuses a client before reading it (FORBIDDEN, TOO_MANY_CONNECTIONS) writes its
                // ERROR and closes, so the HELLO can meet a closed socket: the ERROR is still there to read.
            }
            LineReader reader = new LineReader();
            ByteBuffer in = ByteBuffer.allocate(MessageCodec.MAX_LINE_BYTES);
            boolean greeted = false;
            while (true) {
                String line = reader.nextLine();
                if (line == null) {
                    in.clear();
                    if (ch.read(in) < 0) {
                        // The daemon closed (restart, crash) without a verdict: reconnect.
                        status =
                                "connection to the daemon closed before a verdict" + lastStateNote() + "; reconnecting";
                        return null;
                    }
                    in.flip();
                    reader.feed(in);
                    continue;
                }
                Message m = MessageCodec.decode(line);
                if (!greeted && !MessageTypes.WELCOME.equals(m.type()) && !MessageTypes.ERROR.equals(m.type())) {
                    throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "expected WELCOME first, got " + m.type());
                }
                greeted = true;
                GateOutcome outcome = handle(m);
                if (outcome != null || MessageTypes.ERROR.equals(m.type())) {
                    // An ERROR that did not end the wait asks to come back later; the daemon closes anyway.
                    return outcome;
                }
            }
        } catch (ProtocolException e) {
            return outcome(
                    ExitCodes.UNAVAILABLE,
                    "unexpected reply from " + options.socket() + ": " + oneLine(e.getMessage())
                            + "; action: check that the schemagate daemon (protocol v" + ProtocolVersion.CURRENT
                            + ") is what listens on this socket",
                    null);
        } catch (IOException e) {
            if (!expired) {
                status = "connection to the daemon lost (" + describe(e) + ")" + lastStateNote() + "; reconnecting";
            }
            return null;
        }
    }

    /** Reacts to one daemon message: null to keep reading, an outcome to stop. */
    private GateOutcome handle(Message m) throws ProtocolException {
        switch (m.type()) {
            case MessageTypes.WELCOME:
                String v = m.require(Fields.V);
                if (!Integer.toString(ProtocolVersion.CURRENT).equals(v)) {
                    throw new ProtocolException(
                            ErrorCodes.UNSUPPORTED_VERSION,
                            "the daemon chose protocol version " + oneLine(v) + ", this client speaks "
                                    + ProtocolVersion.CURRENT);
                }
                welcomed = true;
                status = "connected to daemon " + oneLine(m.get(Fields.DAEMON, "?")) + ", no state yet";
                return null;
            case MessageTypes.STATE:
                status = StateText.describe(m);
                lastState = status;
                return null;
            case MessageTypes.WAITING:
                status = StateText.describeWaiting(m);
                lastState = status;
                return null;
            case MessageTypes.READY:
                String version = m.require(Fields.VERSION);
                GateOutcome tooOld = belowRequires(version);
                if (tooOld != null) {
                    return tooOld;
                }
                return outcome(ExitCodes.OK, "schema ready at version " + oneLine(version), version);
            case MessageTypes.FAILED:
                String code = m.require(Fields.CODE);
                return outcome(ExitCodes.forFailure(code), StateText.describeFailed(m), null);
            case MessageTypes.ERROR:
                return error(m);
            case MessageTypes.PONG:
                return null;
            default:
                throw new ProtocolException(ErrorCodes.BAD_MESSAGE, "a daemon does not send " + m.type());
        }
    }

    /**
     * The daemon must never say READY below this client's {@code requires=} (it sends WAITING instead); one that does
     * is of another release or has a bug, and trusting it would start the application on an old schema.
     */
    private GateOutcome belowRequires(String version) throws ProtocolException {
        String requires = options.requires();
        if (requires == null) {
            return null;
        }
        SchemaVersion ready = SchemaVersion.parseOrNull(version);
        if (ready == null) {
            throw new ProtocolException(
                    ErrorCodes.BAD_MESSAGE,
                    "READY version=" + version + " is not a schema version (expected " + SchemaVersion.EXPECTED + ")");
        }
        if (ready.compareTo(SchemaVersion.parse(requires)) >= 0) {
            return null;
        }
        return outcome(
                ExitCodes.UNAVAILABLE,
                "the daemon at " + options.socket() + " said READY version=" + oneLine(version)
                        + ", below this client's requires=" + requires + ": a daemon of another schemagate release,"
                        + " or a daemon bug; the application was not started on the old schema; action: use an agent"
                        + " and daemon of the same release and check the daemon's log (journalctl -u schemagate)",
                null);
    }

    private GateOutcome error(Message m) throws ProtocolException {
        String code = m.require(Fields.CODE);
        String text = oneLine(m.require(Fields.MESSAGE));
        if (ErrorCodes.FORBIDDEN.equals(code)) {
            // The daemon's message names the uid and the setting that allows it.
            return outcome(
                    ExitCodes.NO_PERM, "the daemon at " + options.socket() + " refused this client: " + text, null);
        }
        if (ErrorCodes.TOO_MANY_CONNECTIONS.equals(code) || ErrorCodes.SHUTTING_DOWN.equals(code)) {
            // Both say "come back later": a restarted or less busy daemon will answer.
            answered = true;
            status = "daemon refused the connection (" + code + ": " + text + "); retrying";
            return null;
        }
        if (ErrorCodes.HELLO_TIMEOUT.equals(code)) {
            // Our HELLO did not arrive in time (a paused or overloaded JVM): PROTOCOL.md says reconnect at once.
            answered = true;
            status = "the daemon closed the connection before it read HELLO (" + code + ": " + text + "); reconnecting";
            return null;
        }
        return outcome(
                ExitCodes.UNAVAILABLE,
                "the daemon at " + options.socket() + " rejected this client: " + code + ": " + text
                        + "; action: use an agent and daemon of the same schemagate release",
                null);
    }

    private String lastStateNote() {
        String state = lastState;
        return state == null ? "" : " (last state: " + state + ")";
    }

    private GateOutcome timedOut() {
        String waited = DurationText.format(options.timeoutMillis());
        if (!welcomed && !answered) {
            String last = lastConnectError == null ? "" : " (last error: " + lastConnectError + ")";
            return outcome(
                    ExitCodes.UNAVAILABLE,
                    "schemagate daemon not reachable at " + options.socket()
                            + " within " + waited + last + "; action: start the daemon (systemctl start schemagate)"
                            + " or point socket= at its socket",
                    null);
        }
        return outcome(
                ExitCodes.TEMP_FAIL,
                "schema not ready after " + waited + ": " + status
                        + "; action: check the daemon's log (journalctl -u schemagate) or raise timeout=",
                null);
    }

    private GateOutcome outcome(int code, String reason, String version) {
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000L;
        return new GateOutcome(code, reason, version, elapsed);
    }

    /** Rounded up, so that the wait never ends before the deadline (tests and users count on "at least"). */
    private long remainingMillis() {
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : (nanos + 999_999L) / 1_000_000L;
    }

    @Override
    public String status() {
        return status;
    }

    @Override
    public void expire() {
        expired = true;
        SocketChannel ch = current;
        if (ch != null) {
            close(ch);
        }
    }

    /**
     * This process's id from the {@code /proc/self} link: ProcessHandle.current() would start
     * ProcessHandleImpl's reaper-executor setup and its lambdas in every worker's premain (~10 ms here).
     */
    private static long pid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    /** The JDK reports EACCES on a Unix socket connect as "Permission denied" (a BindException on JDK 17). */
    private static boolean isPermissionDenied(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Permission denied");
    }

    /** This process's user id, from the owner of {@code /proc/self}; "?" when that cannot be read. */
    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing to do: the channel is being abandoned either way.
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : oneLine(m);
    }

    /** Daemon texts may carry escaped newlines and controls; the outcome must stay one line. */
    static String oneLine(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || (c >= 0x7F && c <= 0x9F)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                    sb.append(s, 0, i);
                }
                sb.append(' ');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
