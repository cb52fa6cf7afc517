package dev.schemagate.daemon.server;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which users may use the daemon, by peer credentials: a client is served when its uid is in {@code uids} or one of
 * its groups (primary or supplementary) is in {@code gids}. With both empty, anyone the socket's file mode lets in is
 * served (the default, so setups without an allow-list keep working).
 *
 * @param uids allowed user ids
 * @param gids allowed group ids
 */
public record AllowList(Set<Integer> uids, Set<Integer> gids) {
    /** No allow-list: the socket file's mode alone decides. */
    public static final AllowList ANYONE = new AllowList(Set.of(), Set.of());

    public AllowList {
        uids = Set.copyOf(uids);
        gids = Set.copyOf(gids);
    }

    /** True when no allow-list is configured. */
    public boolean isOpen() {
        return uids.isEmpty() && gids.isEmpty();
    }

    /** For the daemon's log: the lists, sorted. */
    @Override
    public String toString() {
        return "allowUsers=" + sorted(uids) + " allowGroups=" + sorted(gids);
    }

    private static String sorted(Set<Integer> ids) {
        return ids.isEmpty()
                ? "(none)"
                : String.join(
                        ",", new TreeSet<>(ids).stream().map(String::valueOf).toList());
    }
}
