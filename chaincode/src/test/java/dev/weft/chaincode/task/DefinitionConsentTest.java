package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.gov.GovFixture;
import dev.weft.chaincode.gov.Proposal;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.testing.FakeLedger;
import dev.weft.chaincode.testing.FakeStub;
import dev.weft.chaincode.testing.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("issue 9 item 1: consent before work")
class DefinitionConsentTest {
    /** Org2 proposes work that runs on Org1's and Org3's data. */
    static final String OTHERS_WORK = """
            {"id":"others","subtasks":[
              {"name":"a","operation":"sum","participants":["Org1MSP"],"parameters":{"query":"sales"}},
              {"name":"b","operation":"sum","participants":["Org3MSP"],"parameters":{"query":"sales"}},
              {"name":"c","operation":"combine","participants":["Org2MSP"],"dependsOn":["a","b"]}]}""";

    private final TaskFixture f = new TaskFixture();

    private String digest(JsonNode view) {
        return view.get("digest").asText();
    }

    @Test
    @DisplayName("issue 9 item 1: Org2 cannot create a task of a definition Org1 and Org3 have not approved")
    void noTaskWithoutEveryParticipantsApproval() {
        JsonNode proposed = f.register(f.admin2, OTHERS_WORK);
        assertThat(proposed.get("active").asBoolean()).isFalse();
        assertThat(proposed.get("awaiting").toString()).isEqualTo("[\"Org1MSP\",\"Org3MSP\"]");
        assertThat(proposed.get("approvals")).extracting(a -> a.get("mspId").asText()).containsExactly("Org2MSP");
        assertThat(proposed.get("approvals").get(0).get("via").asText()).isEqualTo("RegisterDefinition");

        String refused = f.rejects(ErrorCode.DEFINITION_NOT_APPROVED, f.user2,
                ctx -> f.contract.createTask(ctx, "others", ""));
        assertThat(refused).contains("Org1MSP, Org3MSP");

        f.approve(f.admin1, "others", digest(proposed));
        f.rejects(ErrorCode.DEFINITION_NOT_APPROVED, f.user2, ctx -> f.contract.createTask(ctx, "others", ""));

        JsonNode approval = f.approve(f.admin3, "others", digest(proposed));
        assertThat(approval.get("mspId").asText()).isEqualTo("Org3MSP");
        assertThat(approval.get("digest").asText()).isEqualTo(digest(proposed));
        assertThat(approval.get("by").asText()).startsWith("Org3MSP/x509::");
        JsonNode active = f.definition("others");
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("awaiting")).isEmpty();
        assertThat(active.get("approvals")).extracting(a -> a.get("mspId").asText())
                .containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
        String taskId = f.create(f.user2, "others", "");
        assertThat(f.status(taskId, "a")).isEqualTo("READY");
    }

    @Test
    @DisplayName("issue 9 item 1: a definition replaced after approval needs every approval again")
    void replacedDefinitionNeedsApprovalAgain() {
        JsonNode first = f.registerActive(f.admin1, TaskFixture.PIPELINE);
        assertThat(first.get("revision").asInt()).isEqualTo(1);
        String changed = TaskFixture.PIPELINE.replace("\"limit\":\"10\"", "\"limit\":\"999\"");
        JsonNode second = f.register(f.admin1, changed);
        assertThat(second.get("revision").asInt()).isEqualTo(2);
        assertThat(digest(second)).isNotEqualTo(digest(first));
        assertThat(second.get("active").asBoolean()).isFalse();
        assertThat(second.get("awaiting").toString()).isEqualTo("[\"Org2MSP\",\"Org3MSP\"]");
        // the old approvals are shown for what they are: of the old digest
        assertThat(second.get("approvals")).filteredOn(a -> a.get("mspId").asText().equals("Org2MSP"))
                .extracting(a -> a.get("digest").asText()).containsExactly(digest(first));

        f.rejects(ErrorCode.DEFINITION_NOT_APPROVED, f.user1, ctx -> f.contract.createTask(ctx, "pipeline", ""));
        f.rejects(ErrorCode.CONFLICT, f.admin2, ctx -> f.contract.approveDefinition(ctx, "pipeline", digest(first)));
        f.approve(f.admin2, "pipeline", digest(second));
        f.approve(f.admin3, "pipeline", digest(second));
        String taskId = f.create(f.user1, "pipeline", "");
        assertThat(f.subtask(taskId, "extract").path("state").path("parameters").path("limit").asText())
                .isEqualTo("999");
    }

    @Test
    @DisplayName("issue 9 item 1: only a participant's admin approves, the current digest, once; nothing else is written")
    void approvalIsCheckedAndWritesNothingWhenRefused() {
        JsonNode proposed = f.register(f.admin2, OTHERS_WORK);
        String d = digest(proposed);
        f.rejects(ErrorCode.FORBIDDEN, f.user1, ctx -> f.contract.approveDefinition(ctx, "others", d));
        f.rejects(ErrorCode.FORBIDDEN, f.outsider, ctx -> f.contract.approveDefinition(ctx, "others", d));
        f.rejects(ErrorCode.FORBIDDEN, TestIdentity.admin("EvilMSP"),
                ctx -> f.contract.approveDefinition(ctx, "others", d));
        f.rejects(ErrorCode.NOT_FOUND, f.admin1, ctx -> f.contract.approveDefinition(ctx, "nothing", d));
        f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.approveDefinition(ctx, "others", "abc"));
        f.rejects(ErrorCode.CONFLICT, f.admin1, ctx -> f.contract.approveDefinition(ctx, "others", "0".repeat(64)));
        f.rejects(ErrorCode.ALREADY_EXISTS, f.admin2, ctx -> f.contract.approveDefinition(ctx, "others", d));

        f.register(f.admin3, "{\"id\":\"solo\",\"subtasks\":[{\"name\":\"s\",\"operation\":\"sum\","
                + "\"participants\":[\"Org3MSP\"]}]}");
        String solo = digest(f.definition("solo"));
        f.rejects(ErrorCode.FORBIDDEN, f.admin1, ctx -> f.contract.approveDefinition(ctx, "solo", solo));
    }

    @Test
    @DisplayName("issue 9 item 1: approvals of different organisations are different keys and never conflict")
    void concurrentApprovalsDoNotConflict() {
        String d = digest(f.register(f.admin2, OTHERS_WORK));
        FakeStub one = f.simulate(f.admin1, ctx -> f.contract.approveDefinition(ctx, "others", d));
        FakeStub three = f.simulate(f.admin3, ctx -> f.contract.approveDefinition(ctx, "others", d));
        f.ledger.commit(three);
        f.ledger.commit(one);
        assertThat(f.definition("others").get("active").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("issue 9 item 1: a passed governed registration approves for the yes voters; the others still approve")
    void governedRegistrationCountsYesVotes() {
        GovFixture g = GovFixture.bootstrapped("{\"governTaskDefinitions\":true}");
        String op = "{\"type\":\"REGISTER_TASK_DEFINITION\",\"target\":\"others\",\"params\":" + OTHERS_WORK + "}";
        Proposal p = g.propose(g.admin2, GovFixture.request(op));
        g.vote(g.admin2, p.id(), "YES");
        g.vote(g.admin1, p.id(), "YES");
        assertThat(g.tally(p.id()).proposal().status()).isEqualTo("PASSED");
        g.execute(g.admin2, p.id(), op);

        TaskContract tasks = new TaskContract();
        JsonNode view = TaskFixture.json(g.ledger.evaluate(g.admin1, ctx -> tasks.getDefinition(ctx, "others")));
        assertThat(view.get("approvals")).extracting(a -> a.get("mspId").asText() + " " + a.get("via").asText())
                .containsExactly("Org1MSP proposal:" + p.id(), "Org2MSP proposal:" + p.id());
        assertThat(view.get("awaiting").toString()).isEqualTo("[\"Org3MSP\"]");
        TestIdentity user2 = TestIdentity.client("Org2MSP", "User2");
        g.assertRejected(ErrorCode.DEFINITION_NOT_APPROVED,
                () -> g.ledger.submit(user2, ctx -> tasks.createTask(ctx, "others", "")));
        g.ledger.submit(g.admin3, ctx -> tasks.approveDefinition(ctx, "others", view.get("digest").asText()));
        String task = g.ledger.submit(user2, ctx -> tasks.createTask(ctx, "others", ""));
        assertThat(TaskFixture.json(task).get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    @DisplayName("issue 9 item 12: Org2 and Org3 together cannot approve in Org1's name: Org1's approval slot is "
            + "reserved at registration under a policy that needs Org1's peer")
    void approvalsCarryTheApproversPolicy() {
        JsonNode proposed = f.register(f.admin2, OTHERS_WORK);
        String org1 = f.ledger.evaluate(f.user1,
                ctx -> Ledger.of(ctx).key(DefinitionApprovals.KEY_TYPE, "others", "Org1MSP"));
        assertThat(f.ledger.endorsable(org1, Set.of("Org2MSP", "Org3MSP"))).isFalse();
        assertThat(f.ledger.endorsable(org1, Set.of("Org1MSP", "Org2MSP"))).isTrue();
        // The reservation is no approval.
        assertThat(f.definition("others").get("awaiting").toString()).isEqualTo("[\"Org1MSP\",\"Org3MSP\"]");

        FakeStub forged = f.ledger.begin(f.admin2);
        forged.putState(org1, ("{\"definitionId\":\"others\",\"mspId\":\"Org1MSP\",\"digest\":\""
                + digest(proposed) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> f.ledger.commit(forged, Set.of("Org2MSP", "Org3MSP")))
                .isInstanceOf(FakeLedger.EndorsementPolicyFailure.class);
        assertThat(f.definition("others").get("awaiting").toString()).isEqualTo("[\"Org1MSP\",\"Org3MSP\"]");
    }
}
