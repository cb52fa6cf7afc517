package dev.schemagate.daemon.server;

import dev.schemagate.protocol.MessageCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The pipeline of one client: connection cap, peer credentials and allow-list, line framing with a bound, HELLO
 * deadline, codec, session. The cap comes first so that every connection is counted, refused or not.
 */
final class DaemonServerInitializer extends ChannelInitializer<Channel> {
    private static final MessageEncoder ENCODER = new MessageEncoder();

    private final Coordinator coordinator;
    private final SessionObserver observer;
    private final ConnectionLimiter limiter;
    private final PeerCheckHandler peerCheck;
    private final long helloTimeoutMillis;
    private final ChannelGroup clients;

    DaemonServerInitializer(
            Coordinator coordinator, SessionObserver observer, ServerSettings settings, ChannelGroup clients) {
        this.clients = clients;
        this.coordinator = coordinator;
        this.observer = observer;
        this.limiter = new ConnectionLimiter(settings.maxConnections(), observer);
        this.peerCheck = new PeerCheckHandler(settings.allow(), PeerGroups.system());
        this.helloTimeoutMillis = settings.helloTimeout().toMillis();
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.attr(Sessions.OBSERVER).set(observer);
        clients.add(channel); // a closed channel leaves the group by itself
        ChannelPipeline p = channel.pipeline();
        p.addLast("limit", limiter);
        p.addLast("peer", peerCheck);
        // failFast: an over-long line is refused as soon as the bound is passed, not after buffering all of it.
        p.addLast("frame", new LineBasedFrameDecoder(MessageCodec.MAX_LINE_BYTES, true, true));
        p.addLast("helloDeadline", new HelloDeadlineHandler(helloTimeoutMillis));
        p.addLast("decode", new MessageDecoder());
        p.addLast("encode", ENCODER);
        p.addLast("session", new AgentSessionHandler(coordinator, observer));
    }
}
