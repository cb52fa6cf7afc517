package dev.schemagate.daemon.server;

import dev.schemagate.protocol.MessageCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;

/** The pipeline of one client: connection cap, line framing with a bound, HELLO deadline, codec, session. */
final class DaemonServerInitializer extends ChannelInitializer<Channel> {
    private static final MessageEncoder ENCODER = new MessageEncoder();

    private final Coordinator coordinator;
    private final SessionObserver observer;
    private final ConnectionLimiter limiter;
    private final long helloTimeoutMillis;
    private final StateFanOut fanOut = new StateFanOut();

    DaemonServerInitializer(Coordinator coordinator, SessionObserver observer, ServerSettings settings) {
        this.coordinator = coordinator;
        this.observer = observer;
        this.limiter = new ConnectionLimiter(settings.maxConnections(), observer);
        this.helloTimeoutMillis = settings.helloTimeout().toMillis();
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.attr(Sessions.OBSERVER).set(observer);
        ChannelPipeline p = channel.pipeline();
        p.addLast("limit", limiter);
        // failFast: an over-long line is refused as soon as the bound is passed, not after buffering all of it.
        p.addLast("frame", new LineBasedFrameDecoder(MessageCodec.MAX_LINE_BYTES, true, true));
        p.addLast("helloDeadline", new HelloDeadlineHandler(helloTimeoutMillis));
        p.addLast("decode", new MessageDecoder());
        p.addLast("encode", ENCODER);
        p.addLast("session", new AgentSessionHandler(coordinator, observer, fanOut));
    }
}
