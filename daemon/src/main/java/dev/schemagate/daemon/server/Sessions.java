package dev.schemagate.daemon.server;

import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.Messages;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import java.util.logging.Logger;

/** Closing a client with an ERROR line that says why: one place, so every rejection looks the same. */
final class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    /** Set on every channel by the initializer, so rejections are counted wherever they happen. */
    static final AttributeKey<SessionObserver> OBSERVER = AttributeKey.valueOf("schemagate.observer");

    private Sessions() {}

    /** Writes {@code ERROR code=... message=...} and closes the channel once it is written. */
    static void reject(Channel channel, String code, String message) {
        reject(channel, Messages.error(code, message));
    }

    /** Writes the given ERROR message (which may carry extra fields) and closes the channel once it is written. */
    static void reject(Channel channel, Message error) {
        String code = error.get(Fields.CODE);
        LOG.fine(() -> "closing client " + channel.remoteAddress() + ": " + error);
        SessionObserver observer = channel.attr(OBSERVER).get();
        if (observer != null) {
            observer.rejected(code);
        }
        if (channel.isActive()) {
            channel.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
