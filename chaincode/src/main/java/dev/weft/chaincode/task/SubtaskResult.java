package dev.weft.chaincode.task;

/**
 * One participant's result for one attempt of a subtask, stored under
 * {@code weft.result/<taskId>/<subtask>/<msp>} so that participants never write
 * each other's keys. Large data stays off chain, addressed by the digest; a
 * small value may ride along inline.
 *
 * @param submitter the submitting identity, qualified by its MSP
 * @param digest    SHA-256 of the result, lowercase hex
 * @param value     the inline value (UTF-8), absent when the data is off chain
 */
public record SubtaskResult(String taskId, String subtaskId, String mspId, String submitter, int attempt,
        String digest, String value, String submittedAt, String txId) {
}
