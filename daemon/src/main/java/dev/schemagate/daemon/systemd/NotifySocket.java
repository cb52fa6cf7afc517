package dev.schemagate.daemon.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * An unbound Unix datagram socket that sends notification datagrams to systemd's {@code $NOTIFY_SOCKET}.
 *
 * <p>Each datagram carries the address, as libsystemd's sd_notify does, rather than connecting once: a connected
 * socket would keep pointing at the old notify socket after {@code systemctl daemon-reexec}.
 */
final class NotifySocket implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NotifySocket.class.getName());

    private final Channel channel;
    private final DomainSocketAddress address;

    private NotifySocket(Channel channel, DomainSocketAddress address) {
        this.channel = channel;
        this.address = address;
    }

    /** Maps {@code $NOTIFY_SOCKET} to an address: a path, or {@code @name} for a name in the abstract namespace. */
    static DomainSocketAddress address(String notifySocket) {
        if (notifySocket.startsWith("@") && notifySocket.length() > 1) {
            // The kernel's abstract namespace: the name starts with a NUL byte instead of '@'.
            return new DomainSocketAddress("\0" + notifySocket.substring(1));
        }
        if (notifySocket.startsWith("/")) {
            return new DomainSocketAddress(notifySocket);
        }
        throw new IllegalArgumentException("NOTIFY_SOCKET '" + notifySocket + "': expected an absolute path or"
                + " @abstract-name (other forms such as vsock: are not supported)");
    }

    static NotifySocket open(String notifySocket, EventLoopGroup group) throws InterruptedException {
        DomainSocketAddress address = address(notifySocket);
        Channel channel = new Bootstrap()
                .group(group)
                .channel(EpollDomainDatagramChannel.class)
                // Without a bind or connect the channel is inactive and Netty refuses writes.
                .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
                .handler(new ChannelHandlerAdapter() {})
                .register()
                .sync()
                .channel();
        return new NotifySocket(channel, address);
    }

    /** Sends one datagram; a failure is logged, never thrown: systemd notifications must not stop the daemon. */
    void send(String text) {
        channel.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), address))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        LOG.warning(() -> "could not notify systemd (" + firstLine(text) + "): " + f.cause());
                    }
                });
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** Closes after every datagram queued before this call has been sent. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }
}
