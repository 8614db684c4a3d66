package dev.weft.gateway.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A pair's liveness over the last N windows (S3.2–S3.4), derived only from the
 * valid {@code pair:Beacon} transactions of committed blocks, fed in block order.
 * The same blocks give the same table in every gateway of every organisation: the
 * table is a function of the sequence of beacons alone (no local clock).
 *
 * <p>The rule (docs/clusters.md, "Pair mode"):
 * <ul>
 * <li>A beacon's window ({@code round}) is {@code floor(transaction time / window length)},
 *     computed by the chaincode.</li>
 * <li>A member is <b>alive in window w</b> if a valid beacon of its identity with round w
 *     is in a committed block.</li>
 * <li>A window <b>counts</b> only if at least one valid beacon of either member is in it:
 *     windows without blocks (a quiet or stopped channel) are skipped, never read as a
 *     dead member.</li>
 * <li>A window is <b>closed</b> once a beacon of a window at least two later has
 *     committed: a beacon is given one whole window to commit.</li>
 * <li>The <b>last N windows</b> are the N latest closed windows that count; with fewer,
 *     nobody switches.</li>
 * </ul>
 *
 * <pre>{@code
 * LivenessTable t = new LivenessTable(List.of("a", "b"), 3);
 * t.add("a", 100); t.add("b", 100); …
 * LivenessTable.Decision d = t.decide("b", false);   // PROMOTE when a was absent from the last 3 windows
 * }</pre>
 */
public final class LivenessTable {
    /** What a member does now by the rules. */
    public enum Decision {
        /** Fewer than N closed windows that count: no switch. */
        UNDECIDED,
        /** Keep the current role. */
        STAY,
        /** S3.3: a sync member whose partner was absent from all of the last N windows and itself in all. */
        PROMOTE,
        /** S3.4: a validator absent from all of the last N windows while its partner was in all. */
        DEMOTE
    }

    /** One window that counts, with the members alive in it. */
    public record Window(long round, SortedSet<String> alive) {
    }

    private final List<String> members;
    private final int windows;
    private final int retain;
    private final NavigableMap<Long, SortedSet<String>> rounds = new TreeMap<>();
    private long top = Long.MIN_VALUE;

    /** @param windows N */
    public LivenessTable(List<String> members, int windows) {
        if (members.size() != 2 || members.get(0).equals(members.get(1))) {
            throw new IllegalArgumentException("a pair is two different members: " + members);
        }
        if (windows < 1) {
            throw new IllegalArgumentException("N must be at least 1");
        }
        this.members = List.copyOf(members);
        this.windows = windows;
        this.retain = 4 * windows + 8;
    }

    public int windows() {
        return windows;
    }

    public List<String> members() {
        return members;
    }

    /**
     * A valid beacon of {@code memberId} in window {@code round}; returns whether the
     * table changed. Beacons of other identities and of windows older than the table
     * keeps ({@code 4N + 8} counted windows) change nothing.
     */
    public synchronized boolean add(String memberId, long round) {
        if (!members.contains(memberId)) {
            return false;
        }
        if (rounds.size() >= retain && round < rounds.firstKey()) {
            return false;
        }
        boolean changed = rounds.computeIfAbsent(round, r -> new TreeSet<>()).add(memberId);
        top = Math.max(top, round);
        while (rounds.size() > retain) {
            rounds.pollFirstEntry();
        }
        return changed;
    }

    /** The latest window a beacon committed in (Long.MIN_VALUE before any). */
    public synchronized long top() {
        return top;
    }

    /** The last {@code n} closed windows that count, oldest first. */
    public synchronized List<Window> lastClosed(int n) {
        List<Window> out = new ArrayList<>();
        if (rounds.isEmpty()) {
            return out;
        }
        for (var e : rounds.headMap(top - 1, false).descendingMap().entrySet()) {
            if (out.size() == n) {
                break;
            }
            out.add(new Window(e.getKey(), Collections.unmodifiableSortedSet(new TreeSet<>(e.getValue()))));
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * The rule for {@code self} in its current role: a sync member promotes itself
     * when its partner was alive in none of the last N windows and itself in all
     * (S3.3); a validator demotes itself when it was alive in none of them and its
     * partner in all (S3.4).
     */
    public synchronized Decision decide(String self, boolean selfIsValidator) {
        if (!members.contains(self)) {
            throw new IllegalArgumentException(self + " is not one of the pair " + members);
        }
        List<Window> last = lastClosed(windows);
        if (last.size() < windows) {
            return Decision.UNDECIDED;
        }
        String partner = members.get(0).equals(self) ? members.get(1) : members.get(0);
        boolean selfInAll = last.stream().allMatch(w -> w.alive().contains(self));
        boolean selfInNone = last.stream().noneMatch(w -> w.alive().contains(self));
        boolean partnerInAll = last.stream().allMatch(w -> w.alive().contains(partner));
        boolean partnerInNone = last.stream().noneMatch(w -> w.alive().contains(partner));
        if (!selfIsValidator && partnerInNone && selfInAll) {
            return Decision.PROMOTE;
        }
        if (selfIsValidator && selfInNone && partnerInAll) {
            return Decision.DEMOTE;
        }
        return Decision.STAY;
    }
}
