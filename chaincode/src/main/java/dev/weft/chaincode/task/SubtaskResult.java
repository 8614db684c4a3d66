package dev.weft.chaincode.task;

import java.util.List;

/**
 * One participant's result for one attempt of a subtask, stored under
 * {@code weft.result/<taskId>/<subtask>/<msp>} so that participants never write
 * each other's keys. Large data stays off chain, addressed by the digest; a
 * small value may ride along inline. The key is the participant's own: it is
 * created (reserved, attempt 0) when the subtask first becomes ready, under a
 * key-level policy that needs the participant's peer for every later write.
 *
 * @param submitter the submitting identity, qualified by its MSP
 * @param digest    SHA-256 of the result, lowercase hex
 * @param value     the inline value (UTF-8), absent when the data is off chain
 * @param manifest  for a collaborative subtask (S1.10), what the participant sent and received
 *                  during the attempt ({@link Manifest}); absent otherwise
 */
public record SubtaskResult(String taskId, String subtaskId, String mspId, String submitter, int attempt,
        String digest, String value, String submittedAt, String txId, List<Manifest.Entry> manifest) {

    public SubtaskResult {
        manifest = manifest == null ? null : List.copyOf(manifest);
    }

    /** The empty result (attempt 0) that reserves a participant's key under its key-level policy. */
    static SubtaskResult reserved(String taskId, String subtaskId, String mspId, String txId) {
        return new SubtaskResult(taskId, subtaskId, mspId, null, 0, null, null, null, txId, null);
    }

    boolean isReserved() {
        return attempt == 0;
    }
}
