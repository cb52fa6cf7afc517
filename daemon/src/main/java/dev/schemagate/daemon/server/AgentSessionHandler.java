package dev.schemagate.daemon.server;

import dev.schemagate.daemon.Version;
import dev.schemagate.daemon.migrate.MigrationVersion;
import dev.schemagate.protocol.ErrorCodes;
import dev.schemagate.protocol.Fields;
import dev.schemagate.protocol.Message;
import dev.schemagate.protocol.MessageTypes;
import dev.schemagate.protocol.Messages;
import dev.schemagate.protocol.ProtocolException;
import dev.schemagate.protocol.ProtocolVersion;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connected agent: takes its HELLO, then pushes the daemon's states until READY (or FAILED) releases it.
 *
 * <p>State changes arrive on the migration thread and are handed to this channel's event loop, so all writes of
 * a session happen on one thread and in order.
 */
final class AgentSessionHandler extends SimpleChannelInboundHandler<Message>
        implements GateListener, StateFanOut.Delivery {
    private static final Logger LOG = Logger.getLogger(AgentSessionHandler.class.getName());

    /** The versions this daemon speaks, as a HELLO would offer them. */
    private static final String SUPPORTED = supportedVersions();

    private static final AtomicLong IDS = new AtomicLong();

    private final Coordinator coordinator;
    private final SessionObserver observer;
    private final StateFanOut fanOut;
    private ChannelHandlerContext ctx;
    private MigrationVersion requires;
    private String app = "unknown";
    private boolean greeted;
    private boolean waiting;
    private long lastSequence = -1;
    private long helloNanos;
    private boolean requiresReported;
    private WaitingAgent agent;
    /** The newest STATE not yet written because the client is not reading (see channelWritabilityChanged). */
    private GateState heldBack;
    /** The verdict written by {@link #deliver} and not flushed yet: its linger starts after the flush. */
    private ChannelFuture unflushedVerdict;

    private boolean releasedReady;
    private final ChannelFutureListener verdictWritten = new VerdictWritten();

    AgentSessionHandler(Coordinator coordinator, SessionObserver observer, StateFanOut fanOut) {
        this.coordinator = coordinator;
        this.observer = observer;
        this.fanOut = fanOut;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (greeted && !waiting) {
            return; // released: the verdict was the last line, and the close is scheduled (Sessions.writeVerdict)
        }
        try {
            if (!greeted) {
                hello(message);
            } else if (MessageTypes.PING.equals(message.type())) {
                if (!ctx.channel().isWritable()) {
                    // PINGs from a client that does not read its PONGs: answering would buffer without bound.
                    LOG.fine(() -> "closing client " + Sessions.peer(ctx.channel())
                            + ": it sends PING but does not read the answers");
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(Messages.pong(message.get(Fields.ID)));
            } else {
                Sessions.reject(
                        ctx.channel(),
                        ErrorCodes.BAD_MESSAGE,
                        "unexpected " + message.type() + " after HELLO;"
                                + " a client sends HELLO once, then only PING");
            }
        } catch (ProtocolException e) {
            Sessions.reject(ctx.channel(), e.code(), e.getMessage());
        }
    }

    private void hello(Message message) throws ProtocolException {
        if (!MessageTypes.HELLO.equals(message.type())) {
            throw new ProtocolException(
                    ErrorCodes.BAD_MESSAGE, "the first message must be HELLO, got " + message.type());
        }
        String offered = message.require(Fields.V);
        int version = ProtocolVersion.negotiate(offered);
        if (version < 0) {
            Sessions.reject(
                    ctx.channel(),
                    Messages.error(
                                    ErrorCodes.UNSUPPORTED_VERSION,
                                    "protocol version " + offered + " is not supported; this daemon speaks "
                                            + SUPPORTED)
                            .with(Fields.SUPPORTED, SUPPORTED));
            return;
        }
        String requiresText = message.get(Fields.REQUIRES);
        if (requiresText != null) {
            requires = MigrationVersion.parseOrNull(requiresText);
            if (requires == null) {
                throw new ProtocolException(
                        ErrorCodes.BAD_MESSAGE,
                        "requires=" + requiresText
                                + " is not a version; expected numbers separated by '.' or '_', such as 5 or 5.2");
            }
        }
        app = message.get(Fields.APP, "unknown");
        String pid = message.get(Fields.PID);
        LOG.fine(() -> "HELLO from app=" + app + (pid == null ? "" : " pid=" + pid) + "; it waits for the outcome");
        greeted = true;
        helloNanos = System.nanoTime();
        ctx.writeAndFlush(Messages.welcome(version, Version.current()));
        waiting = true;
        PeerIdentity peer = ctx.channel().attr(Sessions.PEER).get();
        agent = new WaitingAgent(
                IDS.incrementAndGet(), app, peer == null ? PeerIdentity.UNKNOWN : peer, requiresText, helloNanos);
        LOG.fine(() -> "agent app=" + app + " (" + Sessions.peer(ctx.channel()) + ") waits"
                + (requiresText == null ? "" : " for version " + requiresText));
        observer.waitingChanged(+1);
        observer.agentWaiting(agent);
        coordinator.recheckDatabase();
        coordinator.subscribe(this);
    }

    private static String supportedVersions() {
        StringBuilder sb = new StringBuilder();
        for (int v = ProtocolVersion.MIN_SUPPORTED; v <= ProtocolVersion.CURRENT; v++) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    /** Called on the migration thread (or here, on subscribe): hop to this channel's event loop, batched. */
    @Override
    public void changed(GateState state) {
        fanOut.send(ctx.executor(), this, state);
    }

    /** Writes the line for {@code state} without flushing it: {@link #flush} follows (see {@link StateFanOut}). */
    @Override
    public void deliver(GateState state) {
        if (state.sequence() <= lastSequence || !ctx.channel().isActive()) {
            return;
        }
        lastSequence = state.sequence();
        switch (state.phase()) {
            case READY:
                if (requires != null
                        && (state.applied() == null || state.applied().compareTo(requires) < 0)) {
                    if (!requiresReported) {
                        requiresReported = true;
                        // available= is the folder's newest version (PROTOCOL.md), which a reload may raise.
                        ctx.write(Messages.waiting(
                                ErrorCodes.REQUIRES_UNKNOWN,
                                requires.toString(),
                                state.available() == null
                                        ? "none"
                                        : state.available().toString()));
                    }
                    return;
                }
                release(state.message(), true);
                return;
            case FAILED:
                release(state.message(), false);
                return;
            default:
                if (ctx.channel().isWritable()) {
                    heldBack = null;
                    ctx.write(state.message());
                } else {
                    // The client does not read: buffering every STATE would grow without bound. Keep only the
                    // newest; the client sees it once it reads again, and a verdict is always written.
                    heldBack = state;
                }
        }
    }

    @Override
    public void flush() {
        ctx.flush();
        ChannelFuture verdict = unflushedVerdict;
        if (verdict != null) {
            unflushedVerdict = null;
            Sessions.lingerUntilWritten(ctx.channel(), verdict);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        GateState held = heldBack;
        if (held != null && ctx.channel().isWritable()) {
            heldBack = null;
            if (waiting && held.sequence() == lastSequence) {
                ctx.writeAndFlush(held.message());
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    private void release(Message message, boolean ready) {
        coordinator.unsubscribe(this);
        stopWaiting();
        long waited = System.nanoTime() - helloNanos;
        observer.released(app, ready, waited);
        // No lambdas on this path: it first runs in the fan-out, cold, where linking a lambda's call site (spinning
        // its class) showed in the profile (BENCHMARKS.md row 2a).
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("agent app=" + app + " (" + Sessions.peer(ctx.channel()) + ") released with " + message.type()
                    + " after " + waited / 1_000_000 + " ms");
        }
        releasedReady = ready;
        unflushedVerdict = Sessions.writeVerdict(ctx.channel(), message);
        unflushedVerdict.addListener(verdictWritten);
    }

    /** Tells the observer that the verdict reached the kernel; made with the session, not in the fan-out. */
    private final class VerdictWritten implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture written) {
            if (written.isSuccess()) {
                observer.verdictWritten(releasedReady);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        coordinator.unsubscribe(this);
        stopWaiting();
        super.channelInactive(ctx);
    }

    private void stopWaiting() {
        if (waiting) {
            waiting = false;
            observer.waitingChanged(-1);
            observer.agentLeft(agent);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() != null && cause instanceof io.netty.handler.codec.DecoderException
                ? cause.getCause()
                : cause;
        if (root instanceof TooLongFrameException) {
            Sessions.reject(
                    ctx.channel(),
                    ErrorCodes.LINE_TOO_LONG,
                    "a line is longer than " + dev.schemagate.protocol.MessageCodec.MAX_LINE_BYTES + " bytes");
        } else {
            LOG.log(Level.FINE, "client " + Sessions.peer(ctx.channel()) + " failed; closing it", cause);
            ctx.close();
        }
    }
}
