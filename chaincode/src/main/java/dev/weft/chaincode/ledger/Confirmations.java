package dev.weft.chaincode.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;

/**
 * Content that takes effect only once the admin of every organisation it
 * concerns has confirmed exactly that content, as Fabric's lifecycle approves a
 * chaincode definition: each organisation's confirmation of a digest of the
 * canonical content is its own key, so confirmations never conflict, and the
 * confirmation that completes the set sees all the others (a concurrent one
 * in the same block is invalidated by MVCC and, resubmitted, completes it).
 *
 * <pre>{@code
 * Confirmations.Status s = Confirmations.confirm(ledger, "weft.members.confirm", content, orgs);
 * if (s.complete()) { ledger.put(key, content); }
 * }</pre>
 */
public final class Confirmations {

    /** One organisation's confirmation, under {@code <keyType>/<digest>/<mspId>}. */
    public record Confirmation(String digest, String mspId, String by, String time, String txId) {
    }

    /** Who has confirmed the content (this transaction's caller included) and who has not yet. */
    public record Status(String digest, List<String> confirmedBy, List<String> waitingFor, boolean complete) {
    }

    private Confirmations() {
    }

    /**
     * Records the caller's organisation's confirmation of {@code content} (once;
     * confirming again writes nothing) and answers the status. FORBIDDEN unless
     * the caller is an admin of one of the {@code required} organisations.
     */
    public static Status confirm(Ledger ledger, String keyType, Object content, SortedSet<String> required) {
        Caller caller = ledger.caller();
        if (!caller.isAdmin() || !required.contains(caller.mspId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "only an admin of %s may confirm this", required);
        }
        String digest = digest(content);
        List<String> confirmed = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (String msp : required) {
            String key = ledger.key(keyType, digest, msp);
            if (msp.equals(caller.mspId())) {
                if (!ledger.exists(key)) {
                    ledger.putOwned(key, new Confirmation(digest, msp, caller.qualifiedId(),
                            ledger.txTime().toString(), ledger.txId()), msp, required);
                }
                confirmed.add(msp);
            } else if (ledger.exists(key)) {
                confirmed.add(msp);
            } else {
                waiting.add(msp);
            }
        }
        return new Status(digest, confirmed, waiting, waiting.isEmpty());
    }

    /** SHA-256 (hex) of the canonical JSON of {@code content}. */
    public static String digest(Object content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.bytes(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
