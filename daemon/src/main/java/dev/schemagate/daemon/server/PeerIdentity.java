package dev.schemagate.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;

/**
 * Who is at the other end of a client connection, as the kernel saw it at {@code connect()} ({@code SO_PEERCRED}):
 * unlike a pid sent in HELLO, the client cannot choose these.
 *
 * @param pid the client's process id (0 when the kernel does not tell, e.g. a process in another pid namespace)
 * @param uid the client's effective user id
 * @param gid the client's effective primary group id
 */
public record PeerIdentity(int pid, int uid, int gid) {
    /** For channels that carry no credentials (an embedded test channel): matches no allow-list entry. */
    public static final PeerIdentity UNKNOWN = new PeerIdentity(0, -1, -1);

    /**
     * Reads the credentials of {@code channel}'s peer. It must be called while the peer is connected (Netty throws
     * once it is gone), so the pipeline reads it once, in {@code channelActive}, and keeps it.
     */
    static PeerIdentity of(Channel channel) throws IOException {
        if (!(channel instanceof EpollDomainSocketChannel unix)) {
            return UNKNOWN;
        }
        PeerCredentials credentials = unix.peerCredentials();
        int[] gids = credentials.gids();
        return new PeerIdentity(credentials.pid(), credentials.uid(), gids.length > 0 ? gids[0] : -1);
    }

    @Override
    public String toString() {
        return "pid " + pid + " uid " + uid + " gid " + gid;
    }
}
