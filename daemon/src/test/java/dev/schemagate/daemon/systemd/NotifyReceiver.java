package dev.schemagate.daemon.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Plays systemd's side of NOTIFY_SOCKET: a bound Unix datagram socket that queues every datagram it receives. */
final class NotifyReceiver implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final BlockingQueue<String> datagrams = new LinkedBlockingQueue<>();
    private final Channel channel;

    /** Binds {@code notifySocket} as it would appear in NOTIFY_SOCKET: a path or {@code @abstract-name}. */
    NotifyReceiver(String notifySocket) throws InterruptedException {
        channel = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        datagrams.add(packet.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind(NotifySocket.address(notifySocket))
                .sync()
                .channel();
    }

    /** The next datagram, or null after {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        return datagrams.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
