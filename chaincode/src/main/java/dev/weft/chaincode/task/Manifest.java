package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * What a participant of a collaborative subtask sent to and received from the
 * others during one attempt (S1.10): digests and sizes, never a payload byte.
 * Each participant's result carries its own manifest; when the last result is in,
 * every item one participant says it sent must appear, identical, in the receiver's
 * manifest as received, and the other way round, or the attempt fails
 * ({@link Failure.Kind#EXCHANGE_MISMATCH}). So any member can check afterwards, from
 * the chain alone, that the exchange happened as the participants claim.
 *
 * <pre>{@code
 * [{"direction":"SENT","peer":"Org2MSP","name":"share","digest":"…64 hex…","size":12},
 *  {"direction":"RECEIVED","peer":"Org3MSP","name":"share","digest":"…","size":11}]
 * }</pre>
 */
public final class Manifest {
    static final int MAX_ENTRIES = 256;
    static final long MAX_SIZE = 1L << 40;

    /** Whether the participant sent the item or received it. */
    public enum Direction { SENT, RECEIVED }

    /** One item exchanged with {@code peer}, addressed by {@code name} within the attempt. */
    public record Entry(Direction direction, String peer, String name, String digest, long size) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::direction)
            .thenComparing(Entry::peer).thenComparing(Entry::name);

    private Manifest() {
    }

    /**
     * Parses and checks {@code json} for {@code caller} in {@code subtask}: every peer another
     * participant, names and digests well-formed, sizes in range, no item listed twice. Returns
     * the entries in canonical order (direction, peer, name).
     */
    static List<Entry> parse(String json, String caller, Subtask subtask) {
        if (json == null || json.isBlank()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "a collaborative result needs its exchange manifest");
        }
        List<Entry> raw = Arrays.asList(Json.parseArgument("exchange manifest", json, Entry[].class));
        if (raw.size() > MAX_ENTRIES) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "the manifest lists %d items; the limit is %d", raw.size(),
                    MAX_ENTRIES);
        }
        TreeSet<Entry> seen = new TreeSet<>(ORDER);
        for (Entry e : raw) {
            if (e == null || e.direction() == null) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "a manifest item needs a direction (SENT or RECEIVED)");
            }
            Checks.name("manifest peer", e.peer());
            Checks.name("manifest item name", e.name());
            Checks.digest(e.digest());
            if (e.peer().equals(caller) || !subtask.participants().contains(e.peer())) {
                throw WeftException.of(ErrorCode.BAD_REQUEST,
                        "manifest item %s names %s, which is not another participant of subtask %s", e.name(),
                        e.peer(), subtask.name());
            }
            if (e.size() < 0 || e.size() > MAX_SIZE) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "manifest item %s has size %d, outside 0..%d", e.name(),
                        e.size(), MAX_SIZE);
            }
            if (!seen.add(e)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "manifest lists %s %s %s twice", e.direction(),
                        e.peer(), e.name());
            }
        }
        return new ArrayList<>(seen);
    }

    /**
     * The first item of the attempt whose two ends disagree, described, or empty when
     * every SENT item is matched by the receiver's RECEIVED item and the other way round.
     */
    static Optional<String> mismatch(SortedMap<String, SubtaskResult> results) {
        for (var from : results.entrySet()) {
            for (Entry e : entries(from.getValue())) {
                SubtaskResult other = results.get(e.peer());
                Direction mirror = e.direction() == Direction.SENT ? Direction.RECEIVED : Direction.SENT;
                Entry expected = new Entry(mirror, from.getKey(), e.name(), e.digest(), e.size());
                if (other == null || !entries(other).contains(expected)) {
                    return Optional.of(String.format(Locale.ROOT,
                            "%s says it %s %s %s %s (digest %s, %d bytes); %s's manifest does not match",
                            from.getKey(), e.direction() == Direction.SENT ? "sent" : "received", e.name(),
                            e.direction() == Direction.SENT ? "to" : "from", e.peer(), e.digest(), e.size(),
                            e.peer()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Entry> entries(SubtaskResult r) {
        return r.manifest() == null ? List.of() : r.manifest();
    }
}
