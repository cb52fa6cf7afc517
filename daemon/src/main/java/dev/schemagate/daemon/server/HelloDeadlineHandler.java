package dev.schemagate.daemon.server;

import dev.schemagate.protocol.ErrorCodes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Right after the line decoder: a client that has not sent a complete first line within the deadline is told so and
 * closed, so silent or half-open connections cannot pile up. Removes itself after the first line.
 */
final class HelloDeadlineHandler extends ChannelInboundHandlerAdapter {
    private final long deadlineMillis;
    private ScheduledFuture<?> timer;

    HelloDeadlineHandler(long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timer = ctx.executor()
                .schedule(
                        () -> Sessions.reject(
                                ctx.channel(),
                                ErrorCodes.HELLO_TIMEOUT,
                                "no HELLO within " + deadlineMillis + " ms of connecting; send 'HELLO v=1' first"),
                        deadlineMillis,
                        TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        // Only frames (whole lines) reach here: the decoder sits before this handler.
        cancel();
        ctx.pipeline().remove(this);
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
