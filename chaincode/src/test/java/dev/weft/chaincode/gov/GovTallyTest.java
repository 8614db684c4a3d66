package dev.weft.chaincode.gov;

import static dev.weft.chaincode.gov.GovFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovTallyTest {
    static final String SWITCH = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}";
    private final GovFixture f = GovFixture.bootstrapped();

    private Proposal propose(String extra) {
        return f.propose(f.admin1, "{\"operation\":" + SWITCH + extra + "}");
    }

    private void votes(Proposal p, String... choices) {
        for (int i = 0; i < choices.length; i++) {
            f.vote(f.admins.get(i), p.id(), choices[i]);
        }
    }

    @Test
    @DisplayName("S2.4 a majority passes as soon as it is certain; the decision, reason and grant are emitted")
    void earlyPass() {
        Proposal p = propose("");
        votes(p, "YES");
        f.assertRejected(ErrorCode.CONFLICT, () -> f.tally(p.id()));
        f.vote(f.admin2, p.id(), "YES");
        GovEvents.Decided d = f.tally(p.id());
        assertThat(d.proposal().status()).isEqualTo("PASSED");
        assertThat(d.proposal().decision().reason()).startsWith("passed before the deadline: 2 of 3 voters voted yes");
        assertThat(d.grant().grantee()).isEqualTo(f.qualifiedId(f.admin1));
        assertThat(d.grant().operation()).isEqualTo(p.operation());
        assertThat(d.grant().expiresAt()).isEqualTo(f.ledger.clock().plus(Duration.ofDays(1)).toString());
        assertThat(f.ledger.lastEvent().name()).isEqualTo(GovEvents.DECIDED);
        assertThat(GovFixture.read(f.ledger.lastEvent().payload(), GovEvents.Decided.class)).isEqualTo(d);
        assertThat(f.grant(p.id())).isEqualTo(d.grant());
        f.assertRejected(ErrorCode.CONFLICT, () -> f.tally(p.id()));
        f.assertRejected(ErrorCode.CONFLICT, () -> f.vote(f.admin3, p.id(), "NO"));
    }

    @Test
    @DisplayName("S2.4 rejection is decided early when even all outstanding yes votes cannot pass it; no grant")
    void earlyReject() {
        Proposal p = propose("");
        votes(p, "NO", "NO");
        GovEvents.Decided d = f.tally(p.id());
        assertThat(d.proposal().status()).isEqualTo("REJECTED");
        assertThat(d.proposal().decision().reason()).contains("0 of 3 voters voted yes");
        assertThat(d.grant()).isNull();
        f.assertRejected(ErrorCode.NOT_FOUND, () -> f.grant(p.id()));
    }

    @Test
    @DisplayName("S2.4 threshold boundary: 2 yes of 3 decisive votes passes at 6666 bps and fails at 6667")
    void thresholdBoundary() {
        Proposal at = propose(",\"thresholdBps\":6666");
        votes(at, "YES", "YES", "NO");
        assertThat(f.tally(at.id()).proposal().status()).isEqualTo("PASSED");
        Proposal above = propose(",\"thresholdBps\":6667");
        votes(above, "YES", "YES", "NO");
        GovEvents.Decided d = f.tally(above.id());
        assertThat(d.proposal().status()).isEqualTo("REJECTED");
        assertThat(d.proposal().decision().reason())
                .startsWith("threshold not met: 2 of 3 voters voted yes (2 yes, 1 no, 0 abstain)")
                .contains("threshold 66.67% of yes+no");
    }

    @Test
    @DisplayName("S2.4 a tie is not more than half: 1 yes 1 no and the deadline passed is rejected")
    void tieIsRejected() {
        Proposal p = propose("");
        votes(p, "YES", "NO");
        f.assertRejected(ErrorCode.CONFLICT, () -> f.tally(p.id()));
        f.ledger.advanceClock(Duration.ofDays(1).plusMinutes(15));
        GovEvents.Decided d = f.tally(p.id());
        assertThat(d.proposal().status()).isEqualTo("REJECTED");
        assertThat(d.proposal().decision().reason()).contains("1 of 3 voters voted yes (1 yes, 1 no, 0 abstain)");
    }

    @Test
    @DisplayName("S2.4 quorum boundary: at 6666 bps two of three votes are a quorum, at 6667 they are not (EXPIRED)")
    void quorumBoundary() {
        Proposal enough = propose(",\"quorumBps\":6666");
        Proposal short1 = propose(",\"quorumBps\":6667");
        assertThat(enough.quorumVotes()).isEqualTo(2);
        assertThat(short1.quorumVotes()).isEqualTo(3);
        votes(enough, "YES", "ABSTAIN");
        votes(short1, "YES", "ABSTAIN");
        f.ledger.advanceClock(Duration.ofDays(1).plusMinutes(15));
        assertThat(f.tally(enough.id()).proposal().status()).isEqualTo("PASSED");
        GovEvents.Decided d = f.tally(short1.id());
        assertThat(d.proposal().status()).isEqualTo("EXPIRED");
        assertThat(d.proposal().decision().reason())
                .isEqualTo("quorum not reached: 2 of 3 required votes cast by the deadline (1 yes, 0 no, 1 abstain)");
        assertThat(d.grant()).isNull();
    }

    @Test
    @DisplayName("S2.4 no votes by the deadline expires; only abstentions are rejected; issue 9 item 8: a tally closes "
            + "by the deadline only once deadline plus the peer's 15-minute time window has passed")
    void expiryAndAbstentions() {
        Proposal silent = propose("");
        Proposal abstained = propose("");
        votes(abstained, "ABSTAIN", "ABSTAIN", "ABSTAIN");
        GovEvents.Decided a = f.tally(abstained.id());
        assertThat(a.proposal().status()).isEqualTo("REJECTED");
        assertThat(a.proposal().decision().reason()).startsWith("no yes or no votes");
        f.ledger.advanceClock(Duration.ofDays(1).plusMinutes(15).minusSeconds(1));
        f.assertRejected(ErrorCode.CONFLICT, () -> f.tally(silent.id()));
        f.ledger.advanceClock(Duration.ofSeconds(1));
        assertThat(f.tally(silent.id()).proposal().status()).isEqualTo("EXPIRED");
    }

    @Test
    @DisplayName("S2.4 GetTally shows what a tally would decide now without writing")
    void tallyView() {
        Proposal p = propose("");
        votes(p, "YES", "YES");
        var before = f.ledger.snapshot();
        Voting.TallyView view = GovFixture.read(f.ledger.evaluate(f.admin3, ctx -> f.gov.getTally(ctx, p.id())),
                Voting.TallyView.class);
        assertThat(view.status()).isEqualTo("OPEN");
        assertThat(view.decision().outcome()).isEqualTo("PASSED");
        assertThat(view.votes()).hasSize(2);
        assertThat(f.ledger.snapshot()).isEqualTo(before);
        f.tally(p.id());
        Voting.TallyView after = GovFixture.read(f.ledger.evaluate(f.admin3, ctx -> f.gov.getTally(ctx, p.id())),
                Voting.TallyView.class);
        assertThat(after.status()).isEqualTo("PASSED");
        assertThat(after.decision().txId()).isNotNull();
    }

    @Test
    @DisplayName("S2.4 any member may tally; outsiders may not")
    void whoMayTally() {
        Proposal p = propose("");
        votes(p, "YES", "YES");
        f.assertRejected(ErrorCode.FORBIDDEN,
                () -> f.ledger.submit(TestIdentity.client("EvilMSP", "x"), ctx -> f.gov.tally(ctx, p.id())));
        f.ledger.submit(TestIdentity.client("Org3MSP", "Gateway"), ctx -> f.gov.tally(ctx, p.id()));
        assertThat(f.proposal(p.id()).status()).isEqualTo("PASSED");
    }
}
