package dev.weft.gateway.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A member's neighbour table (S4.4): cluster ID, priority, address, role and aging
 * timer of every member, computed from the chain's view of the cluster so every
 * member that reads the same block computes the same table and the same election;
 * only "now" (the aging timers) differs between members.
 *
 * <p>Roles: the master is the master table's; the slave is the best live electable
 * member other than the master, by priority (higher first), ties by member ID; every
 * other member is ordinary. A member is live while its last keepalive (or, for the
 * master, its takeover) is younger than the cluster's TTL.
 *
 * <pre>{@code
 * NeighbourTable table = NeighbourTable.of(view, Instant.now());
 * Optional<String> next = table.successor();   // who takes over when the master has aged out
 * }</pre>
 */
public record NeighbourTable(String clusterId, long epoch, List<Neighbour> neighbours) {

    /** Roles in a cluster (S4.1). */
    public enum Role { MASTER, SLAVE, ORDINARY }

    /** One row; {@code agingExpiresAt} is null for a member that never sent a keepalive. */
    public record Neighbour(String memberId, int priority, String address, Role role, boolean electable, boolean live,
            Instant agingExpiresAt) {
    }

    /** Priority order: higher priority first, then smaller member ID. */
    static final Comparator<ClusterView.MemberRow> ELECTION_ORDER = Comparator
            .comparingInt(ClusterView.MemberRow::priority).reversed()
            .thenComparing(ClusterView.MemberRow::memberId);

    public static NeighbourTable of(ClusterView view, Instant now) {
        return of(view, now, Map.of());
    }

    /**
     * The table from the chain's view combined with what the member heard from its peers
     * over mutual TLS ({@link PeerKeepalives}): a member other than the master is live
     * while its latest keepalive, on chain or heard, is younger than the TTL. The master's
     * aging timer is the chain's only, since only the chain lets a successor take over.
     */
    public static NeighbourTable of(ClusterView view, Instant now, Map<String, Instant> heard) {
        Duration ttl = Duration.ofSeconds(view.ttlSeconds());
        ClusterView.MasterRow master = view.master();
        if (!heard.isEmpty()) {
            List<ClusterView.MemberRow> merged = new ArrayList<>();
            for (ClusterView.MemberRow m : view.members()) {
                Instant h = heard.get(m.memberId());
                Instant last = m.lastKeepalive();
                merged.add(h != null && (last == null || h.isAfter(last)) ? new ClusterView.MemberRow(m.memberId(),
                        m.identity(), m.priority(), m.address(), m.electable(), h) : m);
            }
            view = new ClusterView(view.mspId(), view.name(), view.ttlSeconds(), master, merged);
        }
        List<ClusterView.MemberRow> ordered = new ArrayList<>(view.members());
        ordered.sort(ELECTION_ORDER);
        String slave = ordered.stream()
                .filter(m -> m.electable() && !m.memberId().equals(master.memberId()) && live(m, master, ttl, now))
                .map(ClusterView.MemberRow::memberId).findFirst().orElse(null);
        List<Neighbour> rows = new ArrayList<>();
        for (ClusterView.MemberRow m : ordered) {
            Role role = m.memberId().equals(master.memberId()) ? Role.MASTER
                    : m.memberId().equals(slave) ? Role.SLAVE : Role.ORDINARY;
            Instant last = lastSeen(m, master);
            rows.add(new Neighbour(m.memberId(), m.priority(), m.address(), role, m.electable(),
                    live(m, master, ttl, now), last == null ? null : last.plus(ttl)));
        }
        return new NeighbourTable(view.mspId(), master.epoch(), rows);
    }

    /** The slave, if a live electable member other than the master exists. */
    public String slave() {
        return neighbours.stream().filter(n -> n.role() == Role.SLAVE).map(Neighbour::memberId).findFirst()
                .orElse(null);
    }

    /**
     * Who becomes master when there is none or it has aged out: the slave (S4.5); when
     * master and slave are both gone the next live electable member in priority order
     * is the slave by then, so the same rule covers S4.6.
     */
    public String successor() {
        return slave();
    }

    /** The best live electable member of a cluster without a master (the first Register). */
    public String firstMaster() {
        return neighbours.stream().filter(n -> n.electable() && n.live()).map(Neighbour::memberId).findFirst()
                .orElse(null);
    }

    private static Instant lastSeen(ClusterView.MemberRow m, ClusterView.MasterRow master) {
        if (m.memberId().equals(master.memberId())) {
            return master.lastKeepalive();
        }
        return m.lastKeepalive();
    }

    private static boolean live(ClusterView.MemberRow m, ClusterView.MasterRow master, Duration ttl, Instant now) {
        Instant last = lastSeen(m, master);
        return last != null && now.isBefore(last.plus(ttl));
    }
}
