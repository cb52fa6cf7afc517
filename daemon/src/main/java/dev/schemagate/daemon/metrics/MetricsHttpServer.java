package dev.schemagate.daemon.metrics;

import dev.schemagate.daemon.SchemagateException;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.protocol.ExitCodes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The metrics HTTP/1.1 server (Netty, one event loop thread): {@code /metrics}, {@code /healthz}, {@code /readyz}
 * and {@code /status}.
 *
 * <p>Requests are small and bounded (a GET has no body); idle keep-alive connections are closed after a while so
 * that a scraper that vanished holds nothing.
 */
public final class MetricsHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsHttpServer.class.getName());
    /** Request line, headers and body bounds: a scrape request is a few hundred bytes. */
    static final int MAX_INITIAL_LINE = 4096;

    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 1024;
    static final int IDLE_SECONDS = 60;

    private final EventLoopGroup group;
    private final Channel channel;

    private MetricsHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Binds {@code address} (port 0 picks a free port) and serves until {@link #close()}. */
    public static MetricsHttpServer start(InetSocketAddress address, DaemonMetrics metrics, Supplier<GateState> state) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        MetricsHttpHandler handler = new MetricsHttpHandler(metrics, state);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast("idle", new ReadTimeoutHandler(IDLE_SECONDS));
                            p.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY));
                            p.addLast("keepAlive", new HttpServerKeepAliveHandler());
                            p.addLast("aggregate", new HttpObjectAggregator(MAX_BODY));
                            p.addLast("routes", handler);
                        }
                    })
                    .bind(address)
                    .sync()
                    .channel();
            LOG.info(() ->
                    "serving metrics on http://" + hostPort((InetSocketAddress) channel.localAddress()) + "/metrics");
            return new MetricsHttpServer(group, channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new SchemagateException(ExitCodes.SOFTWARE, "schemagate: interrupted while binding " + address);
        } catch (Exception e) { // Netty rethrows the bind's checked BindException undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new SchemagateException(
                    ExitCodes.CONFIG,
                    "schemagate: cannot serve metrics on "
                            + hostPort(address) + ": " + e.getMessage() + ". Action: pick a free address with --metrics"
                            + " HOST:PORT, or turn the endpoint off with --metrics off.",
                    e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host =
                a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The address actually bound (its port is the chosen one when asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
