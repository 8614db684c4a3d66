package dev.weft.chaincode.gov;

import static dev.weft.chaincode.gov.GovFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovVoteTest {
    static final String SWITCH = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}";
    private final GovFixture f = GovFixture.bootstrapped();
    private final Proposal p = f.propose(f.admin1, request(SWITCH));

    @Test
    @DisplayName("S2.3 an organisation votes once through an admin; the vote has its own key and event")
    void organisationVotesOnce() {
        String out = f.ledger.submit(f.admin2, ctx -> f.gov.vote(ctx, p.id(), "yes"));
        Vote[] votes = GovFixture.read(out, Vote[].class);
        assertThat(votes).hasSize(1);
        assertThat(votes[0].voter()).isEqualTo("org:Org2MSP");
        assertThat(votes[0].choice()).isEqualTo("YES");
        assertThat(votes[0].by()).isEqualTo(f.qualifiedId(f.admin2));
        assertThat(f.ledger.lastEvent().name()).isEqualTo(GovEvents.VOTED);
        assertThat(f.ledger.snapshot().keySet()).anyMatch(k -> k.contains(GovKeys.VOTE) && k.contains("org:Org2MSP"));

        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.vote(f.admin2, p.id(), "NO"));
        TestIdentity otherAdmin = TestIdentity.create("Org2MSP", "Admin2@Org2MSP", "admin");
        f.assertRejected(ErrorCode.ALREADY_EXISTS, () -> f.vote(otherAdmin, p.id(), "NO"));
    }

    @Test
    @DisplayName("S2.3 non-voters, non-admin clients and outsiders may not vote")
    void nonVoters() {
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.vote(TestIdentity.client("Org2MSP", "User1"), p.id(), "YES"));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.vote(TestIdentity.admin("EvilMSP"), p.id(), "YES"));
        GovFixture g = GovFixture.bootstrapped("{\"minVoters\":2}");
        Proposal narrow = g.propose(g.admin1, "{\"operation\":" + SWITCH + ",\"voters\":{\"orgs\":[\"Org1MSP\","
                + "\"Org2MSP\"]}}");
        g.assertRejected(ErrorCode.FORBIDDEN, () -> g.vote(g.admin3, narrow.id(), "YES"));
    }

    @Test
    @DisplayName("S2.3 a vote after the deadline is EXPIRED; a bad choice or unknown proposal is refused")
    void badVotes() {
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.vote(f.admin2, p.id(), "MAYBE"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.vote(f.admin2, p.id(), ""));
        f.assertRejected(ErrorCode.NOT_FOUND, () -> f.vote(f.admin2, "no-such-proposal", "YES"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.vote(f.admin2, "", "YES"));
        f.ledger.advanceClock(Duration.ofDays(1).minusSeconds(1));
        f.vote(f.admin2, p.id(), "abstain");
        f.ledger.advanceClock(Duration.ofSeconds(1));
        f.assertRejected(ErrorCode.EXPIRED, () -> f.vote(f.admin3, p.id(), "YES"));
    }

    @Test
    @DisplayName("S2.3 a named identity votes in its own slot; an admin who is also named votes in both")
    void namedIdentities() {
        TestIdentity release = TestIdentity.client("Org3MSP", "Release");
        GovFixture probe = GovFixture.membersOnly();
        String releaseId = probe.qualifiedId(release);
        TestIdentity admin3 = TestIdentity.admin("Org3MSP");
        String admin3Id = probe.qualifiedId(admin3);
        GovFixture g = GovFixture.bootstrapped("{\"voters\":{\"orgs\":[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"],"
                + "\"identities\":[\"" + releaseId + "\",\"" + admin3Id + "\"]}}");
        Proposal q = g.propose(g.admin1, request(SWITCH));
        assertThat(GovFixture.read(g.ledger.lastEvent().payload(), GovEvents.VoteRequested.class).voters())
                .containsExactly("org:Org1MSP", "org:Org2MSP", "org:Org3MSP", "id:" + admin3Id, "id:" + releaseId);
        g.vote(release, q.id(), "NO");
        Vote[] both = GovFixture.read(g.ledger.submit(admin3, ctx -> g.gov.vote(ctx, q.id(), "YES")), Vote[].class);
        assertThat(List.of(both)).extracting(Vote::voter).containsExactly("org:Org3MSP", "id:" + admin3Id);
        g.assertRejected(ErrorCode.ALREADY_EXISTS, () -> g.vote(admin3, q.id(), "YES"));
        Voting.TallyView view = GovFixture.read(g.ledger.evaluate(g.admin1, ctx -> g.gov.getTally(ctx, q.id())),
                Voting.TallyView.class);
        assertThat(view.decision().yes()).isEqualTo(2);
        assertThat(view.decision().no()).isEqualTo(1);
        assertThat(view.decision().eligible()).isEqualTo(5);
        assertThat(view.decision().outcome()).isEqualTo(Decision.PENDING);
    }
}
