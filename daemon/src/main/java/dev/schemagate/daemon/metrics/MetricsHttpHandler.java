package dev.schemagate.daemon.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.daemon.server.GateState;
import dev.schemagate.daemon.server.Phase;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The routes of the metrics server; stateless, so one instance serves every connection. */
@ChannelHandler.Sharable
final class MetricsHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = Logger.getLogger(MetricsHttpHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "text/plain; charset=utf-8";

    private final DaemonMetrics metrics;
    private final Supplier<GateState> state;

    MetricsHttpHandler(DaemonMetrics metrics, Supplier<GateState> state) {
        this.metrics = metrics;
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // A request line or header over the bounds, or not HTTP at all: answer once and hang up.
            FullHttpResponse response = response(HttpResponseStatus.BAD_REQUEST, TEXT, "bad request\n");
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(route(request));
    }

    private FullHttpResponse route(FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        boolean known =
                path.equals("/metrics") || path.equals("/healthz") || path.equals("/readyz") || path.equals("/status");
        if (!known) {
            return response(
                    HttpResponseStatus.NOT_FOUND, TEXT, "not found; try /metrics, /healthz, /readyz or /status\n");
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "only GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            return response;
        }
        switch (path) {
            case "/metrics":
                String type = wantsOpenMetrics(request.headers().get(HttpHeaderNames.ACCEPT))
                        ? OpenMetricsTextFormatWriter.CONTENT_TYPE
                        : PrometheusTextFormatWriter.CONTENT_TYPE;
                return response(HttpResponseStatus.OK, type, metrics.scrape(type));
            case "/healthz":
                return response(HttpResponseStatus.OK, TEXT, "ok\n");
            case "/readyz":
                Phase phase = state.get().phase();
                return response(
                        phase == Phase.READY ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        TEXT,
                        phase.name() + "\n");
            default:
                return status();
        }
    }

    /** Prometheus asks for OpenMetrics first in its Accept header when it can parse it; others get 0.0.4 text. */
    static boolean wantsOpenMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }

    private FullHttpResponse status() {
        try {
            String body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics.status(state.get()));
            return response(HttpResponseStatus.OK, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8", body + "\n");
        } catch (JsonProcessingException e) {
            LOG.log(Level.WARNING, "cannot write /status", e);
            return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, "cannot write the status: " + e + "\n");
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        // The keep-alive handler needs a length to keep the connection open after the response.
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ReadTimeoutException)) {
            LOG.log(Level.FINE, "metrics client " + ctx.channel().remoteAddress() + " failed; closing it", cause);
        }
        ctx.close();
    }
}
