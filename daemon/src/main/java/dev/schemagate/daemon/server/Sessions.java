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

    /** Set once a channel has been told why it is closed: it is told (and counted) only once. */
    private static final AttributeKey<Boolean> REJECTED = AttributeKey.valueOf("schemagate.rejected");

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
        if (channel.attr(REJECTED).setIfAbsent(Boolean.TRUE) != null) {
            return; // more bad lines from the same read: the client was already told, and counted
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
     * Closes a channel once its last line is written, in a task queued behind the work its event loop already has.
     * At a READY fan-out that work is writing the other sessions' verdicts: the loop writes all of them first and
     * closes the connections after, instead of alternating. A close costs about as much as the write (epoll
     * deregistration, freeing the socket; measured in BENCHMARKS.md row 2a), so the last agent reads READY almost
     * twice as soon. The agent acts on the READY line, not on the end of the connection.
     */
    private static final ChannelFutureListener CLOSE_AFTER_QUEUED_WORK = written -> {
        Channel channel = written.channel();
        channel.eventLoop().execute(channel::close);
    };

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
     * Queues a last line without flushing it, and the close once it is written; the caller flushes, then calls
     * {@link #lingerUntilWritten}. For a fan-out that flushes each session once after writing all its lines.
     */
    static ChannelFuture writeLast(Channel channel, Message last) {
        ChannelFuture written = channel.write(last);
        written.addListener(CLOSE_AFTER_QUEUED_WORK);
        return written;
    }

    /** After the flush of a {@link #writeLast} line: a client that does not read it is closed after the linger. */
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
