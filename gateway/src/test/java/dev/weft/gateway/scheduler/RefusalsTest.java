package dev.weft.gateway.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.store.TaskKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: a refusal from endorsers that have not committed the block the work
 * came from says nothing; only the gateway's own view past that block decides.
 */
class RefusalsTest {
    private static final TaskKey KEY = new TaskKey("t1", "s1", 1);
    private static final long BLOCK = 40;

    private final FakeChainView view = new FakeChainView();
    private final Refusals refusals = new Refusals("Org1MSP", view);

    private static ChainException refused(String code, String text) {
        String message = "ABORTED: failed to collect enough transaction endorsements | Org2MSP: chaincode response"
                + " 500, " + code + ": " + text;
        return new ChainException(ChainException.Stage.ENDORSE, code, "tx1", message, code + ": " + text, null);
    }

    @Test
    @DisplayName("S0.1 issue 8: NOT_FOUND from lagging endorsers keeps the entry while the own view says READY")
    void notFoundFromLaggingEndorsersIsNotFinal() {
        view.height(BLOCK + 1).subtask("t1", "s1", "READY", 1);
        Refusals.Verdict v = refusals.judge(KEY, BLOCK, refused("NOT_FOUND", "task t1 does not exist"));
        assertThat(v.kind()).isEqualTo(Refusals.Kind.BEHIND);
    }

    @Test
    @DisplayName("S0.1 issue 8: CONFLICT (fan-in not yet READY at the endorsers) keeps the entry")
    void conflictFromLaggingEndorsersIsNotFinal() {
        view.height(BLOCK + 5).subtask("t1", "s1", "READY", 1);
        Refusals.Verdict v = refusals.judge(KEY, BLOCK,
                refused("CONFLICT", "subtask s1 of task t1 is PENDING (attempt 1), not READY"));
        assertThat(v.kind()).isEqualTo(Refusals.Kind.BEHIND);
    }

    @Test
    @DisplayName("S0.1 issue 8: while the own peer has not committed the event's block, nothing is decided")
    void anOwnPeerBehindTheBlockDecidesNothing() {
        // Height 40 means blocks 0..39: block 40, where the work came from, is not there yet.
        view.height(BLOCK).subtask("t1", "s1", "COMPLETED", 1);
        assertThat(refusals.judge(KEY, BLOCK, refused("NOT_FOUND", "task t1 does not exist")).kind())
                .isEqualTo(Refusals.Kind.BEHIND);
        assertThat(view.subtaskReads).isZero();
    }

    @Test
    @DisplayName("issue 8: an own peer that does not have the task yet keeps the entry")
    void aMissingTaskInTheOwnViewKeepsTheEntry() {
        view.height(BLOCK + 1);
        assertThat(refusals.judge(KEY, BLOCK, refused("NOT_FOUND", "task t1 does not exist")).kind())
                .isEqualTo(Refusals.Kind.BEHIND);
    }

    @Test
    @DisplayName("issue 8: the refusal is final when the own view past the block agrees the attempt is over")
    void theOwnViewConfirmsTheAttemptIsOver() {
        view.height(BLOCK + 1).subtask("t1", "s1", "COMPLETED", 1);
        assertThat(refusals.judge(KEY, BLOCK, refused("CONFLICT", "is COMPLETED")).kind())
                .isEqualTo(Refusals.Kind.SETTLED);
        view.subtask("t1", "s1", "FAILED", 1);
        assertThat(refusals.judge(KEY, BLOCK, refused("CONFLICT", "is FAILED")).kind())
                .isEqualTo(Refusals.Kind.SETTLED);
        view.subtask("t1", "s1", "READY", 2);
        assertThat(refusals.judge(KEY, BLOCK, refused("CONFLICT", "attempt 1 is stale")).kind())
                .isEqualTo(Refusals.Kind.SETTLED);
    }

    @Test
    @DisplayName("issue 8: the own view showing this organisation's result for the attempt settles it")
    void ourResultInTheOwnViewSettlesIt() {
        view.height(BLOCK + 1).subtask("t1", "s1", "READY", 1, new ChainView.Returned("Org1MSP", 1));
        assertThat(refusals.judge(KEY, BLOCK, refused("CONFLICT", "x")).kind()).isEqualTo(Refusals.Kind.SETTLED);
        view.subtask("t1", "s1", "READY", 1, new ChainView.Returned("Org2MSP", 1), new ChainView.Returned("Org1MSP", 0));
        assertThat(refusals.judge(KEY, BLOCK, refused("CONFLICT", "x")).kind()).isEqualTo(Refusals.Kind.BEHIND);
    }

    @Test
    @DisplayName("issue 8: ALREADY_EXISTS is final at any height (endorsers show committed state only)")
    void alreadyExistsIsFinal() {
        view.height(0);
        assertThat(refusals.judge(KEY, BLOCK, refused("ALREADY_EXISTS", "Org1MSP already returned")).kind())
                .isEqualTo(Refusals.Kind.SETTLED);
    }

    @Test
    @DisplayName("issue 9 item 10: TOO_LARGE, BAD_REQUEST and FORBIDDEN are refusals retrying cannot cure")
    void permanentRefusals() {
        view.height(BLOCK + 1).subtask("t1", "s1", "READY", 1);
        for (String code : new String[] {"TOO_LARGE", "BAD_REQUEST", "FORBIDDEN"}) {
            assertThat(refusals.judge(KEY, BLOCK, refused(code, "no")).kind()).as(code)
                    .isEqualTo(Refusals.Kind.PERMANENT);
        }
        assertThat(refusals.judge(KEY, BLOCK, new ChainException(ChainException.Stage.COMMIT, "MVCC_READ_CONFLICT",
                "tx", "not committed", null)).kind()).isEqualTo(Refusals.Kind.RETRY);
    }

    @Test
    @DisplayName("issue 8: recovery keeps an entry the own view cannot yet judge")
    void ownViewAloneForRecovery() {
        view.height(BLOCK);
        assertThat(refusals.ownView(KEY, BLOCK).kind()).isEqualTo(Refusals.Kind.BEHIND);
        view.height(BLOCK + 1).subtask("t1", "s1", "COMPLETED", 1);
        assertThat(refusals.ownView(KEY, BLOCK).kind()).isEqualTo(Refusals.Kind.SETTLED);
    }
}
