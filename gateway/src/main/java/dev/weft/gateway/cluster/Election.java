package dev.weft.gateway.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The election as one cluster member sees it (S4.4): when each member was last heard
 * (its peers over mutual TLS, itself now), the {@link NeighbourTable} from that and the
 * chain's view, and who registers a new cluster's first master.
 */
final class Election {
    private final String self;
    private final Supplier<PeerKeepalives> peers;
    private final Duration ttl;
    private final LongSupplier clock;
    /** When this member started: it registers a cluster's first master only a TTL later. */
    private final long startedAt;

    /** @param peers the member-to-member keepalives (yielding null without peer members) */
    Election(String self, Supplier<PeerKeepalives> peers, Duration ttl, LongSupplier clock) {
        this.self = self;
        this.peers = peers;
        this.ttl = ttl;
        this.clock = clock;
        this.startedAt = clock.getAsLong();
    }

    /** The neighbour table of {@code view} with every member's liveness as this member hears it at {@code wall}. */
    NeighbourTable table(ClusterView view, Instant wall) {
        return NeighbourTable.of(view, wall, heard(wall));
    }

    /**
     * Who registers a new cluster's first master, in this member's eyes: the best member the
     * chain and the peers show live, not counting this member's own round (the members of a
     * cluster start together; a member that counted itself while it had not yet heard a peer
     * of higher priority registered itself), and nobody during this member's first TTL, by
     * which every live peer has been heard over mutual TLS or on chain.
     */
    String firstMaster(ClusterView view, Instant wall) {
        if (clock.getAsLong() - startedAt < ttl.toNanos()) {
            return null;
        }
        return NeighbourTable.of(view, wall, peersHeard(wall)).firstMaster();
    }

    /**
     * When each member was last heard: the peers' keepalives, and this member itself now. A
     * member running its round is alive, whatever the chain last recorded of it: a relaunched
     * member (its last on-chain keepalive older than the TTL) counted itself dead, so the
     * others elected it successor while it did not, and nobody took over until its next
     * presence keepalive, up to ten intervals later.
     */
    private Map<String, Instant> heard(Instant wall) {
        return withSelf(peersHeard(wall), self, wall);
    }

    private Map<String, Instant> peersHeard(Instant wall) {
        PeerKeepalives p = peers.get();
        return p == null ? Map.of() : p.heardAt(wall);
    }

    /** {@code heard} with {@code self} heard at {@code now}. */
    static Map<String, Instant> withSelf(Map<String, Instant> heard, String self, Instant now) {
        Map<String, Instant> all = new HashMap<>(heard);
        all.put(self, now);
        return all;
    }
}
