package dev.weft.chaincode.gov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.system.SystemContract;
import dev.weft.chaincode.task.TaskRegistry;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A channel of three member organisations with governance bootstrapped, and
 * the moves of a governed change: propose, vote, tally, execute.
 *
 * <pre>{@code
 * GovFixture gov = GovFixture.bootstrapped();
 * String grant = gov.pass(gov.admin1, "{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}");
 * gov.execute(gov.admin1, grant, op);
 * }</pre>
 */
public final class GovFixture {
    public static final String MEMBERS = "[\"Org1MSP\",\"Org2MSP\",\"Org3MSP\"]";
    public final FakeLedger ledger = new FakeLedger();
    public final GovContract gov = new GovContract();
    public final TestIdentity admin1 = TestIdentity.admin("Org1MSP");
    public final TestIdentity admin2 = TestIdentity.admin("Org2MSP");
    public final TestIdentity admin3 = TestIdentity.admin("Org3MSP");
    public final List<TestIdentity> admins = List.of(admin1, admin2, admin3);

    private GovFixture() {
        for (TestIdentity admin : admins) {
            ledger.submit(admin, ctx -> new SystemContract().initMembers(ctx, MEMBERS));
        }
    }

    /** Members set, governance not bootstrapped. */
    public static GovFixture membersOnly() {
        return new GovFixture();
    }

    /** Members set and governance bootstrapped with the default settings: the three organisations vote. */
    public static GovFixture bootstrapped() {
        return bootstrapped("{}");
    }

    public static GovFixture bootstrapped(String settingsJson) {
        GovFixture f = new GovFixture();
        f.bootstrapAll(settingsJson);
        return f;
    }

    /** Every member organisation's admin confirms {@code settingsJson}; answers the last confirmation's status. */
    public String bootstrapAll(String settingsJson) {
        String out = null;
        for (TestIdentity admin : admins) {
            out = ledger.submit(admin, ctx -> gov.bootstrap(ctx, settingsJson));
        }
        return out;
    }

    /** How the chaincode names an identity: "MSPID/x509::…". */
    public String qualifiedId(TestIdentity who) {
        return ledger.evaluate(who, ctx -> Ledger.of(ctx).caller().qualifiedId());
    }

    public boolean governsTaskDefinitions() {
        return ledger.<Boolean>evaluate(admin1, ctx -> TaskRegistry.governed(Ledger.of(ctx)));
    }

    public String settings() {
        return ledger.<String>evaluate(admin1, ctx -> gov.getSettings(ctx));
    }

    public static String request(String operationJson) {
        return "{\"operation\":" + operationJson + "}";
    }

    public Proposal propose(TestIdentity who, String requestJson) {
        return read(ledger.submit(who, ctx -> gov.propose(ctx, requestJson)), Proposal.class);
    }

    public void vote(TestIdentity who, String proposalId, String choice) {
        ledger.submit(who, ctx -> gov.vote(ctx, proposalId, choice));
    }

    public GovEvents.Decided tally(String proposalId) {
        return read(ledger.submit(admin1, ctx -> gov.tally(ctx, proposalId)), GovEvents.Decided.class);
    }

    public Proposal proposal(String id) {
        return read(ledger.evaluate(admin1, ctx -> gov.getProposal(ctx, id)), Proposal.class);
    }

    public Grant grant(String id) {
        return read(ledger.evaluate(admin1, ctx -> gov.getGrant(ctx, id)), Grant.class);
    }

    /** Proposes, has every organisation vote yes until it is decided, tallies; returns the grant ID. */
    public String pass(TestIdentity proposer, String operationJson) {
        Proposal p = propose(proposer, request(operationJson));
        for (TestIdentity admin : admins) {
            vote(admin, p.id(), "YES");
        }
        GovEvents.Decided d = tally(p.id());
        assertThat(d.proposal().status()).isEqualTo("PASSED");
        return d.grant().id();
    }

    public String execute(TestIdentity who, String grantId, String operationJson) {
        return ledger.submit(who, ctx -> gov.execute(ctx, grantId, operationJson));
    }

    /** A whole governed change by admin1: proposal, votes, tally, execution. Returns the execution's answer. */
    public String govern(String operationJson) {
        return execute(admin1, pass(admin1, operationJson), operationJson);
    }

    public static <T> T read(String json, Class<T> type) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(String json) {
        return read(json, Map.class);
    }

    /** The call fails with {@code code} and leaves the committed state as it was. */
    public void assertRejected(ErrorCode code, ThrowingCallable call) {
        Map<String, String> before = ledger.snapshot();
        int events = ledger.events().size();
        assertThatThrownBy(call).isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(ledger.snapshot()).isEqualTo(before);
        assertThat(ledger.events()).hasSize(events);
    }
}
