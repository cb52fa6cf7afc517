package dev.schemagate.daemon.server;

import dev.schemagate.protocol.ErrorCodes;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the client's credentials once, as it connects, keeps them on the channel (for logs and {@code /status}) and,
 * with an allow-list configured, refuses a client whose user and groups are not on it with {@code ERROR
 * code=FORBIDDEN} before it can send anything.
 *
 * <p>A refused user is logged once at WARNING (a script retrying in a loop must not flood the journal); every
 * refusal is counted in {@code schemagate_rejected_connections_total{reason="FORBIDDEN"}}.
 */
@ChannelHandler.Sharable
final class PeerCheckHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(PeerCheckHandler.class.getName());
    /** Refused uids already logged; bounded, so a flood of distinct uids cannot grow it (they are logged at FINE). */
    private static final int MAX_LOGGED_UIDS = 1024;

    private final AllowList allow;
    private final PeerGroups groups;
    private final Set<Integer> logged = ConcurrentHashMap.newKeySet();

    PeerCheckHandler(AllowList allow, PeerGroups groups) {
        this.allow = allow;
        this.groups = groups;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        PeerIdentity peer;
        try {
            peer = PeerIdentity.of(ctx.channel());
        } catch (IOException e) {
            ctx.close(); // the client is already gone
            return;
        }
        ctx.channel().attr(Sessions.PEER).set(peer);
        if (allow.isOpen() || allowed(peer)) {
            super.channelActive(ctx);
            return;
        }
        ctx.channel().config().setAutoRead(false); // nothing from this client is read
        Set<Integer> all = new TreeSet<>(groups.of(peer));
        all.add(peer.gid());
        logRefusal(peer, all);
        Sessions.reject(
                ctx.channel(),
                ErrorCodes.FORBIDDEN,
                "uid " + peer.uid() + " (groups " + join(all) + ") may not use this daemon: neither the user nor"
                        + " one of its groups is on its allow-list. Action: add the user to allowUsers or one of its"
                        + " groups to allowGroups (--allow-users / --allow-groups, SCHEMAGATE_ALLOW_USERS /"
                        + " SCHEMAGATE_ALLOW_GROUPS) and restart the daemon");
    }

    private boolean allowed(PeerIdentity peer) {
        if (allow.uids().contains(peer.uid()) || allow.gids().contains(peer.gid())) {
            return true;
        }
        if (allow.gids().isEmpty()) {
            return false;
        }
        for (int gid : groups.of(peer)) {
            if (allow.gids().contains(gid)) {
                return true;
            }
        }
        return false;
    }

    private void logRefusal(PeerIdentity peer, Set<Integer> all) {
        boolean first = logged.size() < MAX_LOGGED_UIDS && logged.add(peer.uid());
        LOG.log(
                first ? Level.WARNING : Level.FINE,
                () -> "refused a client: pid " + peer.pid() + " uid " + peer.uid() + " groups " + join(all)
                        + " is not on the allow-list (" + allow + ")"
                        + (first ? "; further refusals of uid " + peer.uid() + " are only counted" : ""));
    }

    private static String join(Set<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
