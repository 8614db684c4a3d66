package dev.weft.chaincode.gov;

import static dev.weft.chaincode.gov.GovFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Page;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.TestIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GovProposalTest {
    static final String SWITCH = "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}";
    private final GovFixture f = GovFixture.bootstrapped();

    @Test
    @DisplayName("S2.1 S2.2 a proposal is recorded and its vote-requested event names every voter")
    void proposalEmitsVoteRequest() {
        Proposal p = f.propose(f.admin2, "{\"operation\":{\"target\":\"asset\",\"type\":\"SWITCH\"},"
                + "\"description\":\"go to v2\"}");
        assertThat(p.id()).isEqualTo(f.ledger.lastEvent().txId());
        assertThat(p.proposer()).isEqualTo(f.qualifiedId(f.admin2));
        assertThat(p.status()).isEqualTo("OPEN");
        assertThat(p.operation().canonical()).isEqualTo("{\"params\":{},\"target\":\"asset\",\"type\":\"SWITCH\"}");
        assertThat(p.quorumVotes()).isEqualTo(2);
        assertThat(p.deadline()).isEqualTo(f.ledger.clock().plus(Duration.ofDays(1)).toString());
        FakeLedger.Event e = f.ledger.lastEvent();
        assertThat(e.name()).isEqualTo(GovEvents.VOTE_REQUESTED);
        GovEvents.VoteRequested payload = GovFixture.read(e.payload(), GovEvents.VoteRequested.class);
        assertThat(payload.voters()).containsExactly("org:Org1MSP", "org:Org2MSP", "org:Org3MSP");
        assertThat(payload.proposal()).isEqualTo(p);
        assertThat(f.proposal(p.id())).isEqualTo(p);
    }

    @Test
    @DisplayName("S2.1 only admins of member organisations and named voters may propose")
    void whoMayPropose() {
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.propose(TestIdentity.client("Org1MSP", "User1"), request(SWITCH)));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.propose(TestIdentity.admin("EvilMSP"), request(SWITCH)));
        GovFixture g = GovFixture.membersOnly();
        g.assertRejected(ErrorCode.NOT_INITIALISED, () -> g.propose(g.admin1, request(SWITCH)));

        TestIdentity release = TestIdentity.client("Org3MSP", "Release");
        GovFixture named = GovFixture.bootstrapped("{\"voters\":{\"orgs\":[\"Org1MSP\",\"Org2MSP\"],"
                + "\"identities\":[\"" + GovFixture.membersOnly().qualifiedId(release) + "\"]}}");
        assertThat(named.propose(release, request(SWITCH)).status()).isEqualTo("OPEN");
    }

    @Test
    @DisplayName("S2.1 a malformed operation is BAD_REQUEST before anyone votes, and nothing is written")
    void malformedOperations() {
        for (String op : List.of("null", "{}", "{\"type\":\"REBOOT\",\"target\":\"asset\"}",
                "{\"type\":\"SWITCH\"}", "{\"type\":\"SWITCH\",\"target\":\"bad name!\"}",
                "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{\"unknown\":1}}",
                "{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"weightBps\":10001}}",
                "{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"weightBps\":0}}",
                "{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"weightBps\":\"lots\"}}",
                "{\"type\":\"GRAY\",\"target\":\"asset\",\"params\":{\"cohort\":{\"orgs\":[\"Org9MSP\"]}}}",
                "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{}}",
                "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"newVersion\":{\"label\":\"2\"}}}",
                "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"kind\":\"VM\",\"newVersion\":"
                        + "{\"label\":\"2\",\"chaincode\":\"asset_v2\"}}}",
                "{\"type\":\"PRE_RELEASE\",\"target\":\"asset\",\"params\":{\"oldVersion\":{\"label\":\"1\","
                        + "\"chaincode\":\"asset_v1\"},\"newVersion\":{\"label\":\"1\",\"chaincode\":\"asset_v1\"}}}",
                "{\"type\":\"PRE_RELEASE\",\"target\":\"logic\",\"params\":{\"kind\":\"NODE\",\"newVersion\":"
                        + "{\"label\":\"2\",\"chaincode\":\"x\"}}}",
                "{\"type\":\"UPDATE_GOVERNANCE\",\"target\":\"asset\",\"params\":{}}",
                "{\"type\":\"UPDATE_GOVERNANCE\",\"target\":\"governance\",\"params\":{\"thresholdBps\":0}}",
                "{\"type\":\"SET_MEMBERS\",\"target\":\"members\",\"params\":{\"mspIds\":[]}}",
                "{\"type\":\"REGISTER_TASK_DEFINITION\",\"target\":\"score\",\"params\":{\"id\":\"other\"}}")) {
            f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1, request(op)));
        }
        for (String req : List.of("", "[]", "{\"operation\":" + SWITCH + ",\"extra\":true}",
                "{\"operation\":" + SWITCH + ",\"deadline\":\"tomorrow\"}")) {
            f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1, req));
        }
        f.assertRejected(ErrorCode.TOO_LARGE, () -> f.propose(f.admin1,
                "{\"operation\":" + SWITCH + ",\"description\":\"" + "x".repeat(2000) + "\"}"));
    }

    @Test
    @DisplayName("S2.1 a proposal may be stricter than the settings, never looser")
    void overridesOnlyTighten() {
        Proposal strict = f.propose(f.admin1, "{\"operation\":" + SWITCH + ",\"thresholdBps\":6666,"
                + "\"quorumBps\":10000,\"deadline\":\"" + f.ledger.clock().plus(Duration.ofHours(2)) + "\"}");
        assertThat(strict.thresholdBps()).isEqualTo(6666);
        assertThat(strict.quorumVotes()).isEqualTo(3);
        assertThat(strict.deadline()).isEqualTo(f.ledger.clock().plus(Duration.ofHours(2)).toString());
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1,
                "{\"operation\":" + SWITCH + ",\"thresholdBps\":5000}"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1,
                "{\"operation\":" + SWITCH + ",\"quorumBps\":1}"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1,
                "{\"operation\":" + SWITCH + ",\"deadline\":\"" + f.ledger.clock() + "\"}"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1,
                "{\"operation\":" + SWITCH + ",\"deadline\":\"" + f.ledger.clock().plus(Duration.ofDays(31)) + "\"}"));
        // minVoters defaults to all voters, so a proposal cannot drop one …
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> f.propose(f.admin1,
                "{\"operation\":" + SWITCH + ",\"voters\":{\"orgs\":[\"Org1MSP\",\"Org2MSP\"]}}"));
    }

    @Test
    @DisplayName("S2.1 a proposal may narrow its voters within the governance voters down to minVoters")
    void narrowedVoters() {
        GovFixture g = GovFixture.bootstrapped("{\"minVoters\":2}");
        Proposal p = g.propose(g.admin1, "{\"operation\":" + SWITCH + ",\"voters\":{\"orgs\":[\"Org2MSP\",\"Org1MSP\"]}}");
        assertThat(p.voters().orgs()).containsExactly("Org1MSP", "Org2MSP");
        assertThat(GovFixture.read(g.ledger.lastEvent().payload(), GovEvents.VoteRequested.class).voters())
                .containsExactly("org:Org1MSP", "org:Org2MSP");
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> g.propose(g.admin1,
                "{\"operation\":" + SWITCH + ",\"voters\":{\"orgs\":[\"Org1MSP\"]}}"));
        String outsider = g.qualifiedId(TestIdentity.client("Org1MSP", "Friend"));
        g.assertRejected(ErrorCode.BAD_REQUEST, () -> g.propose(g.admin1, "{\"operation\":" + SWITCH
                + ",\"voters\":{\"orgs\":[\"Org1MSP\"],\"identities\":[\"" + outsider + "\"]}}"));
    }

    @Test
    @DisplayName("S2.1 the proposer alone may cancel, and only before the decision")
    void cancel() {
        Proposal p = f.propose(f.admin1, request(SWITCH));
        f.assertRejected(ErrorCode.FORBIDDEN, () -> f.ledger.submit(f.admin2, ctx -> f.gov.cancel(ctx, p.id())));
        f.assertRejected(ErrorCode.NOT_FOUND, () -> f.ledger.submit(f.admin1, ctx -> f.gov.cancel(ctx, "nope")));
        f.ledger.submit(f.admin1, ctx -> f.gov.cancel(ctx, p.id()));
        assertThat(f.ledger.lastEvent().name()).isEqualTo(GovEvents.CANCELLED);
        assertThat(f.proposal(p.id()).status()).isEqualTo("CANCELLED");
        f.assertRejected(ErrorCode.CONFLICT, () -> f.ledger.submit(f.admin1, ctx -> f.gov.cancel(ctx, p.id())));
        f.assertRejected(ErrorCode.CONFLICT, () -> f.vote(f.admin2, p.id(), "YES"));
        f.assertRejected(ErrorCode.CONFLICT, () -> f.tally(p.id()));

        Proposal decided = f.proposal(f.pass(f.admin1, SWITCH));
        f.assertRejected(ErrorCode.CONFLICT, () -> f.ledger.submit(f.admin1, ctx -> f.gov.cancel(ctx, decided.id())));
    }

    @Test
    @DisplayName("S2.1 proposals are listed all together or by status")
    void listing() {
        Proposal open = f.propose(f.admin1, request(SWITCH));
        Proposal cancelled = f.propose(f.admin2, request(SWITCH));
        f.ledger.submit(f.admin2, ctx -> f.gov.cancel(ctx, cancelled.id()));
        assertThat(page("", "").items()).hasSize(2);
        assertThat(page("OPEN", "").items()).containsExactly(open);
        assertThat(page("CANCELLED", "").items()).extracting(Proposal::id).containsExactly(cancelled.id());
        Page<?> first = page("", "1");
        assertThat(first.items()).hasSize(1);
        assertThat(first.bookmark()).isNotEmpty();
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> page("SOMETIMES", ""));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> page("", "many"));
        f.assertRejected(ErrorCode.BAD_REQUEST, () -> page("", "0"));
    }

    @SuppressWarnings("unchecked")
    private Page<Proposal> page(String status, String size) {
        String json = f.ledger.evaluate(f.admin1, ctx -> f.gov.listProposals(ctx, status, size, ""));
        Map<String, Object> raw = GovFixture.map(json);
        List<Proposal> items = ((List<Object>) raw.get("items")).stream()
                .map(o -> GovFixture.read(dev.weft.chaincode.ledger.Json.write(o), Proposal.class)).toList();
        return new Page<>(items, (String) raw.get("bookmark"));
    }
}
