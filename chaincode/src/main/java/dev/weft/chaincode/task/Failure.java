package dev.weft.chaincode.task;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Why an attempt of a subtask failed: who ended it, what happened, why, and when
 * (the transaction's timestamp). Kept in the subtask's history across retries.
 *
 * @param by           the identity whose transaction recorded the failure
 * @param disagreement present for {@link Kind#DISAGREEMENT}
 */
public record Failure(int attempt, Kind kind, String by, String mspId, String reason, String at, String txId,
        Disagreement disagreement) {

    /** What ended the attempt. */
    public enum Kind {
        /** A participant reported that it could not do its part. */
        REPORTED,
        /** The deadline passed before every participant returned a result. */
        TIMEOUT,
        /** Every participant returned a result, but the digests differ. */
        DISAGREEMENT,
        /**
         * The participants of a collaborative subtask agreed on the result, but their exchange
         * manifests do not match: one says it sent an item the receiver does not list (S1.10).
         */
        EXCHANGE_MISMATCH
    }

    /**
     * The digests each participant returned. The majority is the digest more
     * than half of the participants returned; dissenters are the participants
     * that returned another one. Without a strict majority nobody is singled out
     * (no majorityDigest, no dissenters), since the gateways' consensus-error
     * counts (S4.7) must not blame an organisation on a tie.
     */
    public record Disagreement(SortedMap<String, String> digests, String majorityDigest, List<String> dissenters) {

        public Disagreement {
            digests = new TreeMap<>(digests);
            dissenters = dissenters == null ? List.of() : List.copyOf(dissenters);
        }

        static Disagreement of(SortedMap<String, String> digests) {
            SortedMap<String, Integer> counts = new TreeMap<>();
            digests.values().forEach(d -> counts.merge(d, 1, Integer::sum));
            String majority = null;
            for (var e : counts.entrySet()) {
                if (e.getValue() * 2 > digests.size()) {
                    majority = e.getKey();
                }
            }
            String agreed = majority;
            List<String> dissenters = agreed == null ? List.of() : digests.entrySet().stream()
                    .filter(e -> !e.getValue().equals(agreed)).map(SortedMap.Entry::getKey).toList();
            return new Disagreement(digests, majority, dissenters);
        }
    }
}
