package dev.schemagate.daemon.server;

import dev.schemagate.protocol.ErrorCodes;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/** Caps concurrent clients: one over the limit is told TOO_MANY_CONNECTIONS and closed; the rest are served. */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final int limit;
    private final SessionObserver observer;
    private final AtomicInteger active = new AtomicInteger();

    ConnectionLimiter(int limit, SessionObserver observer) {
        this.limit = limit;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // Counted before it is reported: a gauge that shows N means the cap has counted all N.
        int now = active.incrementAndGet();
        observer.connectedChanged(+1);
        if (now > limit) {
            ctx.channel().config().setAutoRead(false); // nothing more from this client is read
            Sessions.reject(
                    ctx.channel(),
                    ErrorCodes.TOO_MANY_CONNECTIONS,
                    "the daemon serves at most " + limit + " clients at once; retry shortly");
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        active.decrementAndGet();
        observer.connectedChanged(-1);
        super.channelInactive(ctx);
    }

    /** Clients connected right now. */
    int active() {
        return active.get();
    }
}
