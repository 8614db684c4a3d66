package dev.weft.chaincode.gov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Votes and confirmations are their organisation's facts (issue 9 item 12). */
class GovKeyPolicyTest {
    private static final Set<String> ORG1_ORG2 = Set.of("Org1MSP", "Org2MSP");
    private final GovFixture f = GovFixture.bootstrapped();

    @Test
    @DisplayName("issue 9 item 12: each voter slot is reserved when the proposal is made, so Org1 and Org2 alone can "
            + "neither cast nor rewrite Org3's vote")
    void votesCarryTheVotersPolicy() {
        Proposal p = f.propose(f.admin1, GovFixture.request("{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}"));
        String vote = f.ledger.evaluate(f.admin1, ctx -> GovKeys.vote(Ledger.of(ctx), p.id(), "org:Org3MSP"));
        assertThat(f.ledger.endorsable(vote, ORG1_ORG2)).isFalse();
        FakeStub cast = f.ledger.begin(f.admin1);
        cast.putState(vote, ("{\"choice\":\"YES\",\"proposalId\":\"" + p.id() + "\",\"voter\":\"org:Org3MSP\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> f.ledger.commit(cast, ORG1_ORG2)).isInstanceOf(FakeLedger.EndorsementPolicyFailure.class);
        assertThat(f.ledger.<String>evaluate(f.admin1, ctx -> f.gov.getTally(ctx, p.id()))).doesNotContain("YES");
        f.vote(f.admin3, p.id(), "NO");
        assertThat(f.ledger.endorsable(vote, ORG1_ORG2)).isFalse();
        assertThat(f.ledger.endorsable(vote, Set.of("Org3MSP", "Org2MSP"))).isTrue();
        FakeStub flip = f.ledger.begin(f.admin1);
        flip.putState(vote, f.ledger.read(vote).replace("\"NO\"", "\"YES\"").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> f.ledger.commit(flip, ORG1_ORG2)).isInstanceOf(FakeLedger.EndorsementPolicyFailure.class);
        assertThat(f.ledger.read(vote)).contains("\"NO\"");
    }

    @Test
    @DisplayName("issue 9 item 12: each organisation's bootstrap and member-list confirmations need its own peer to "
            + "be rewritten")
    void confirmationsCarryTheConfirmersPolicy() {
        java.util.List<String> keys = f.ledger.snapshot().keySet().stream()
                .filter(k -> k.contains("weft.gov.bootstrap") || k.contains("weft.members.confirm")).toList();
        assertThat(keys).hasSize(6);
        for (String k : keys) {
            String[] parts = k.split("\u0000");
            String owner = parts[parts.length - 1];
            Set<String> others = new java.util.TreeSet<>(Set.of("Org1MSP", "Org2MSP", "Org3MSP"));
            others.remove(owner);
            assertThat(f.ledger.endorsable(k, others)).as(k).isFalse();
            assertThat(f.ledger.endorsable(k, Set.of(owner, others.iterator().next()))).as(k).isTrue();
        }
    }
}
