package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import java.util.SortedMap;

/**
 * What a consensus-error report (S4.7) may point at: a subtask attempt whose
 * participants returned different digests, as the task contract recorded it, with
 * exactly one organisation against the strict majority. The cluster contract reads
 * it from here, so a report can never claim more than the ledger shows.
 *
 * <pre>{@code
 * ConsensusEvidence.Evidence e = ConsensusEvidence.require(ledger, taskId, "merge", "1");
 * e.dissenter();            // "Org1MSP": the one organisation whose digest differs
 * e.dissenterSubmitter();   // "Org1MSP/x509::…": who signed its result, if still on the ledger
 * }</pre>
 */
public final class ConsensusEvidence {

    /**
     * @param digests            every participant's digest of the attempt
     * @param dissenterSubmitter the qualified identity that submitted the dissenting result; null when that
     *                           result was replaced by a later attempt's
     * @param recordedAt         transaction time of the disagreement
     */
    public record Evidence(String taskId, String subtaskId, int attempt, String dissenter, String dissenterSubmitter,
            String majorityDigest, SortedMap<String, String> digests, String recordedAt, String txId) {
    }

    private ConsensusEvidence() {
    }

    public static Evidence require(Ledger ledger, String taskIdArg, String subtaskIdArg, String attemptArg) {
        String taskId = Checks.taskId(taskIdArg);
        String subtaskId = Checks.name("subtask ID", subtaskIdArg);
        int attempt = Checks.attempt(attemptArg);
        Subtask subtask = ledger.require(TaskKeys.subtask(ledger, taskId, subtaskId), Subtask.class,
                "subtask " + subtaskId + " of task " + taskId);
        Failure failure = subtask.failures().stream()
                .filter(f -> f.attempt() == attempt && f.kind() == Failure.Kind.DISAGREEMENT)
                .findFirst()
                .orElseThrow(() -> WeftException.of(ErrorCode.INVALID_EVIDENCE,
                        "attempt %d of %s/%s did not end in a disagreement", attempt, taskId, subtaskId));
        Failure.Disagreement d = failure.disagreement();
        List<String> dissenters = d == null ? List.of() : d.dissenters();
        if (dissenters.size() != 1) {
            throw WeftException.of(ErrorCode.INVALID_EVIDENCE,
                    "the disagreement of attempt %d of %s/%s singles out %d organisations, not exactly one",
                    attempt, taskId, subtaskId, dissenters.size());
        }
        String dissenter = dissenters.get(0);
        String submitter = ledger.get(TaskKeys.result(ledger, taskId, subtaskId, dissenter), SubtaskResult.class)
                .filter(r -> r.attempt() == attempt).map(SubtaskResult::submitter).orElse(null);
        return new Evidence(taskId, subtaskId, attempt, dissenter, submitter, d.majorityDigest(), d.digests(),
                failure.at(), failure.txId());
    }
}
