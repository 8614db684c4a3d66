package dev.weft.chaincode.gov;

import static dev.weft.chaincode.gov.GovFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovConcurrencyTest {
    static final String SWITCH = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}";

    @Test
    @DisplayName("S2.3 forty-five identities of three organisations voting in one block never conflict")
    void concurrentVotesNeverConflict() {
        GovFixture probe = GovFixture.membersOnly();
        List<TestIdentity> voters = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String org : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            voters.add(TestIdentity.admin(org));
            for (int i = 0; i < 14; i++) {
                TestIdentity id = TestIdentity.client(org, "Voter" + i);
                voters.add(id);
                ids.add("\"" + probe.qualifiedId(id) + "\"");
            }
        }
        GovFixture f = GovFixture.bootstrapped("{\"voters\":{\"orgs\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],"
                + "\"identities\":[" + String.join(",", ids) + "]}}");
        Proposal p = f.propose(f.admin1, request(SWITCH));
        assertThat(p.voters().count()).isEqualTo(45);

        List<FakeStub> block = new ArrayList<>();
        for (TestIdentity v : voters) {
            FakeStub tx = f.ledger.begin(v);
            f.gov.vote(new Context(tx), p.id(), v.name().endsWith("0") ? "NO" : "YES");
            block.add(tx);
        }
        int conflicts = 0;
        for (FakeStub tx : block) {
            try {
                f.ledger.commit(tx);
            } catch (FakeLedger.MvccConflict e) {
                conflicts++;
            }
        }
        assertThat(conflicts).isZero();
        GovEvents.Decided d = f.tally(p.id());
        assertThat(d.proposal().decision().yes() + d.proposal().decision().no()).isEqualTo(45);
        assertThat(d.proposal().status()).isEqualTo("PASSED");
    }

    @Test
    @DisplayName("S2.3 two admins of one organisation voting in one block: the second is an MVCC conflict")
    void oneOrganisationVotesOnceEvenInOneBlock() {
        GovFixture f = GovFixture.bootstrapped();
        Proposal p = f.propose(f.admin1, request(SWITCH));
        FakeStub a = f.ledger.begin(f.admin2);
        FakeStub b = f.ledger.begin(TestIdentity.create("Org2MSP", "Admin2@Org2MSP", "admin"));
        f.gov.vote(new Context(a), p.id(), "YES");
        f.gov.vote(new Context(b), p.id(), "NO");
        f.ledger.commit(a);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.ledger.commit(b))
                .isInstanceOf(FakeLedger.MvccConflict.class);
    }

    @Test
    @DisplayName("S2.3 a vote in the same block as the tally invalidates the tally, which is then retried")
    void tallyRacingAVoteIsRetried() {
        GovFixture f = GovFixture.bootstrapped();
        Proposal p = f.propose(f.admin1, request(SWITCH));
        f.vote(f.admin1, p.id(), "YES");
        f.vote(f.admin2, p.id(), "YES");
        FakeStub tally = f.ledger.begin(f.admin1);
        f.gov.tally(new Context(tally), p.id());
        f.vote(f.admin3, p.id(), "NO");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.ledger.commit(tally))
                .isInstanceOf(FakeLedger.MvccConflict.class);
        GovEvents.Decided d = f.tally(p.id());
        assertThat(d.proposal().decision().no()).isEqualTo(1);
    }
}
