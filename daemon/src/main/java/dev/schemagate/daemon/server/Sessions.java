package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.Messages;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Closing a client with an ERROR line that says why: one place, so every rejection looks the same. */
final class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    /** Set on every channel by the initializer, so rejections are counted wherever they happen. */
    static final AttributeKey<SessionObserver> OBSERVER = AttributeKey.valueOf("schemagate.observer");

    /** The client's kernel credentials, set as it connects by {@link PeerCheckHandler}. */
    static final AttributeKey<PeerIdentity> PEER = AttributeKey.valueOf("schemagate.peer");

    /**
     * Set once a channel has been given its last line (an ERROR that says why it is closed, or a verdict): it is told
     * (and counted) only once, and nothing follows a verdict.
     */
    private static final AttributeKey<Boolean> TOLD = AttributeKey.valueOf("schemagate.told");

    /**
     * How long a closing client may take to read its last line (a verdict or an ERROR) before it is disconnected
     * anyway: a client that never reads would otherwise hold its connection, and the line, forever.
     */
    static final long LINGER_MILLIS = 5000;

    private Sessions() {}

    /** Writes {@code ERROR code=... message=...} and closes the channel once it is written. */
    static void reject(Channel channel, String code, String message) {
        reject(channel, Messages.error(code, message));
    }

    /** Writes the given ERROR message (which may carry extra fields) and closes the channel once it is written. */
    static void reject(Channel channel, Message error) {
        if (channel.attr(TOLD).setIfAbsent(Boolean.TRUE) != null) {
            // More bad lines from the same read, or a released client in its close grace (a stopping daemon, a bad
            // line after READY): it was already told, and counted, and its close is on its way.
            return;
        }
        // Whatever else this client sent in the same read is not looked at.
        channel.config().setAutoRead(false);
        String code = error.get(Fields.CODE);
        LOG.fine(() -> "closing client " + peer(channel) + ": " + error);
        SessionObserver observer = channel.attr(OBSERVER).get();
        if (observer != null) {
            observer.rejected(code);
        }
        if (channel.isActive()) {
            writeAndClose(channel, error);
        }
    }

    /**
     * Closes a channel once its last line (an ERROR) is written, in a task queued behind the work its event loop
     * already has, so a rejection never interrupts what the loop is doing for other sessions. Verdicts close after a
     * grace instead ({@link #CLOSE_GRACE_MILLIS}).
     */
    private static final ChannelFutureListener CLOSE_AFTER_QUEUED_WORK = written -> {
        Channel channel = written.channel();
        channel.eventLoop().execute(channel::close);
    };

    /**
     * How long a released agent's connection stays open after its verdict is written, unless the agent closes it
     * first (it acts on the verdict line and then closes its end; the daemon closes at once when it sees that).
     * Tearing a connection down costs the daemon about as much as writing the verdict (epoll deregistration, freeing
     * the socket: BENCHMARKS.md row 2a), and with more event loops than cores the loops that are done writing would
     * tear down their connections while others still write verdicts; after this grace the teardown comes once the
     * fan-out is over. It is short, a fixed bound, and applies only to verdicts: rejected clients go at once.
     */
    static final long CLOSE_GRACE_MILLIS = 200;

    private static final ChannelFutureListener CLOSE_AFTER_GRACE = written -> {
        Channel channel = written.channel();
        if (written.isSuccess()) {
            channel.eventLoop().schedule(new CloseTask(channel), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    };

    private record CloseTask(Channel channel) implements Runnable {
        @Override
        public void run() {
            channel.close();
        }
    }

    /**
     * Writes a last line and closes once it is written, or after {@link #LINGER_MILLIS} if the client does not read
     * it, so the line stays the only thing buffered for that client.
     */
    static ChannelFuture writeAndClose(Channel channel, Message last) {
        ChannelFuture written = channel.writeAndFlush(last);
        written.addListener(CLOSE_AFTER_QUEUED_WORK);
        lingerUntilWritten(channel, written);
        return written;
    }

    /**
     * Queues a verdict without flushing it, and the close {@link #CLOSE_GRACE_MILLIS} after it is written; the caller
     * flushes, then calls {@link #lingerUntilWritten}. For a fan-out that flushes each session once after writing all
     * its lines. Nothing is written to the channel after the verdict (see {@link #reject}).
     */
    static ChannelFuture writeVerdict(Channel channel, Message last) {
        channel.attr(TOLD).set(Boolean.TRUE);
        ChannelFuture written = channel.write(last);
        written.addListener(CLOSE_AFTER_GRACE);
        return written;
    }

    /** After the flush of a {@link #writeVerdict} line: a client that does not read it is closed after the linger. */
    static void lingerUntilWritten(Channel channel, ChannelFuture written) {
        if (!written.isDone()) {
            ScheduledFuture<?> linger =
                    channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> linger.cancel(false));
        }
    }

    /** The client as the logs name it: its credentials when known. */
    static String peer(Channel channel) {
        PeerIdentity peer = channel.attr(PEER).get();
        return peer == null ? String.valueOf(channel.remoteAddress()) : peer.toString();
    }
}
