package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.testing.FakeLedger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.1 task definitions")
class TaskDefinitionTest {
    private final TaskFixture f = new TaskFixture();

    private String reject(ErrorCode code, String json) {
        return f.rejects(code, f.admin1, ctx -> f.contract.registerDefinition(ctx, json));
    }

    private static String one(String subtaskFields) {
        return "{\"id\":\"d\",\"subtasks\":[{\"name\":\"a\",\"operation\":\"op\"," + subtaskFields + "}]}";
    }

    @Test
    @DisplayName("S1.1 an admin of a member registers a DAG; it is stored normalised with its owner")
    void registersAndNormalises() {
        JsonNode stored = f.register(f.admin1, TaskFixture.PIPELINE);
        assertThat(stored.get("ownerMsp").asText()).isEqualTo("Org1MSP");
        assertThat(stored.get("registeredBy").asText()).startsWith("Org1MSP/x509::");
        assertThat(stored.get("registeredAt").asText()).isEqualTo(f.ledger.clock().toString());
        JsonNode extract = stored.get("subtasks").get(0);
        assertThat(extract.get("participants").toString()).isEqualTo("[\"Org1MSP\",\"Org2MSP\"]");
        assertThat(extract.get("timeoutSeconds").asInt()).isEqualTo(1800);
        assertThat(stored.get("subtasks").get(1).get("timeoutSeconds").asInt()).isEqualTo(1200);
        assertThat(stored.get("subtasks").get(2).get("dependsOn").toString()).isEqualTo("[\"extract\",\"enrich\"]");

        String read = f.ledger.evaluate(f.user2, ctx -> f.contract.getDefinition(ctx, "pipeline"));
        assertThat(TaskFixture.json(read)).isEqualTo(stored);
        assertThat(f.ledger.events()).isEmpty();
    }

    @Test
    @DisplayName("S1.1 several task types coexist, each its own definition")
    void severalDefinitionsCoexist() {
        f.register(f.admin1, TaskFixture.PIPELINE);
        f.register(f.admin3, one("\"participants\":[\"Org3MSP\"]").replace("\"d\"", "\"solo\""));
        JsonNode all = TaskFixture.json(f.ledger.evaluate(f.user1, ctx -> f.contract.listDefinitions(ctx)));
        assertThat(all).extracting(d -> d.get("id").asText()).containsExactly("pipeline", "solo");
        assertThat(all.get(1).get("ownerMsp").asText()).isEqualTo("Org3MSP");
    }

    @Test
    @DisplayName("S1.1 re-registering an ID is ALREADY_EXISTS")
    void reRegisteringIsRejected() {
        f.register(f.admin1, TaskFixture.PIPELINE);
        f.rejects(ErrorCode.ALREADY_EXISTS, f.admin2, ctx -> f.contract.registerDefinition(ctx, TaskFixture.PIPELINE));
    }

    @Test
    @DisplayName("S1.1 a cycle is rejected and the cycle is named")
    void cycleIsReported() {
        String message = reject(ErrorCode.INVALID_DEFINITION, """
                {"id":"loop","subtasks":[
                  {"name":"a","operation":"op","participants":["Org1MSP"],"dependsOn":["c"]},
                  {"name":"b","operation":"op","participants":["Org1MSP"],"dependsOn":["a"]},
                  {"name":"c","operation":"op","participants":["Org1MSP"],"dependsOn":["b"]}]}""");
        assertThat(message).contains("a -> c -> b -> a");
        assertThat(reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[\"Org1MSP\"],\"dependsOn\":[\"a\"]")))
                .contains("a -> a");
    }

    @Test
    @DisplayName("S1.1 participants must be member organisations, at least one, each once")
    void participantsAreCheckedAgainstMembers() {
        assertThat(reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[\"Org1MSP\",\"Org9MSP\"]")))
                .contains("Org9MSP");
        reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[]"));
        reject(ErrorCode.INVALID_DEFINITION, "{\"id\":\"d\",\"subtasks\":[{\"name\":\"a\",\"operation\":\"op\"}]}");
        reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[\"Org1MSP\",\"Org1MSP\"]"));
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org 1\"]"));
    }

    @Test
    @DisplayName("S1.1 unknown dependencies and duplicate subtask names are rejected")
    void unknownDependencyAndDuplicateNames() {
        assertThat(reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[\"Org1MSP\"],\"dependsOn\":[\"ghost\"]")))
                .contains("ghost");
        assertThat(reject(ErrorCode.INVALID_DEFINITION, """
                {"id":"dup","subtasks":[{"name":"a","operation":"op","participants":["Org1MSP"]},
                  {"name":"a","operation":"op","participants":["Org2MSP"]}]}""")).contains("more than once");
        reject(ErrorCode.INVALID_DEFINITION, """
                {"id":"dup","subtasks":[{"name":"a","operation":"op","participants":["Org1MSP"]},
                  {"name":"b","operation":"op","participants":["Org2MSP"],"dependsOn":["a","a"]}]}""");
        reject(ErrorCode.INVALID_DEFINITION, "{\"id\":\"empty\",\"subtasks\":[]}");
    }

    @Test
    @DisplayName("S1.1 limits: subtasks, participants, parameters, timeout, description")
    void limitsAreEnforced() {
        String many = IntStream.range(0, Checks.MAX_SUBTASKS + 1)
                .mapToObj(i -> "{\"name\":\"s" + i + "\",\"operation\":\"op\",\"participants\":[\"Org1MSP\"]}")
                .collect(Collectors.joining(",", "{\"id\":\"big\",\"subtasks\":[", "]}"));
        reject(ErrorCode.TOO_LARGE, many);
        String crowd = IntStream.range(0, 17).mapToObj(i -> "\"Org" + i + "MSP\"").collect(Collectors.joining(","));
        reject(ErrorCode.TOO_LARGE, one("\"participants\":[" + crowd + "]"));
        reject(ErrorCode.TOO_LARGE, one("\"participants\":[\"Org1MSP\"],\"parameters\":{\"k\":\"" + "x".repeat(4096)
                + "\"}"));
        reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[\"Org1MSP\"],\"timeoutSeconds\":0"));
        reject(ErrorCode.INVALID_DEFINITION, one("\"participants\":[\"Org1MSP\"],\"timeoutSeconds\":604801"));
        reject(ErrorCode.TOO_LARGE, one("\"participants\":[\"Org1MSP\"]").replace("\"id\":\"d\"",
                "\"id\":\"d\",\"description\":\"" + "d".repeat(1025) + "\""));
        reject(ErrorCode.TOO_LARGE, "{\"id\":\"" + "x".repeat(300_000) + "\"}");
        f.register(f.admin1, one("\"participants\":[\"Org1MSP\"],\"timeoutSeconds\":604800,\"parameters\":{\"k\":\""
                + "x".repeat(4095) + "\"}"));
    }

    @Test
    @DisplayName("S1.1 malformed JSON, unknown fields and bad names are BAD_REQUEST")
    void malformedInput() {
        reject(ErrorCode.BAD_REQUEST, "{not json");
        reject(ErrorCode.BAD_REQUEST, "");
        reject(ErrorCode.BAD_REQUEST, "null");
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org1MSP\"],\"owner\":\"me\""));
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org1MSP\"],\"parameters\":{\"k\":{\"nested\":1}}"));
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org1MSP\"],\"parameters\":{\"bad key\":\"v\"}"));
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org1MSP\"]").replace("\"d\"", "\"bad/id\""));
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org1MSP\"]").replace("\"a\"", "\"" + "n".repeat(65) + "\""));
        reject(ErrorCode.BAD_REQUEST, one("\"participants\":[\"Org1MSP\"]").replace("\"op\"", "\"two words\""));
        reject(ErrorCode.BAD_REQUEST, "{\"id\":\"d\",\"subtasks\":[null]}");
    }

    @Test
    @DisplayName("S1.1 only an admin of a member organisation may register")
    void onlyMemberAdminsRegister() {
        f.rejects(ErrorCode.FORBIDDEN, f.user1, ctx -> f.contract.registerDefinition(ctx, TaskFixture.PIPELINE));
        f.rejects(ErrorCode.FORBIDDEN, dev.weft.chaincode.testing.TestIdentity.admin("EvilMSP"),
                ctx -> f.contract.registerDefinition(ctx, TaskFixture.PIPELINE));
        f.rejects(ErrorCode.NOT_FOUND, f.user1, ctx -> f.contract.getDefinition(ctx, "pipeline"));
    }

    @Test
    @DisplayName("S1.1 governance can register on a proposer's behalf through TaskRegistry.register, without an event")
    void registryIsCallableByGovernance() {
        Caller proposer = new Caller("Org2MSP", "x509::CN=Admin@Org2MSP", "admin");
        String stored = f.ledger.submit(f.user1, ctx -> TaskRegistry.register(Ledger.of(ctx), proposer,
                TaskFixture.PIPELINE));
        assertThat(TaskFixture.json(stored).get("ownerMsp").asText()).isEqualTo("Org2MSP");
        assertThat(TaskFixture.json(stored).get("registeredBy").asText()).isEqualTo("Org2MSP/x509::CN=Admin@Org2MSP");
        assertThat(f.ledger.events()).isEmpty();
    }

    @Test
    @DisplayName("S1.1 without the member list nothing can be registered")
    void membersMustBeInitialised() {
        FakeLedger fresh = new FakeLedger();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fresh.submit(f.admin1,
                ctx -> f.contract.registerDefinition(ctx, TaskFixture.PIPELINE)))
                .isInstanceOfSatisfying(dev.weft.chaincode.ledger.WeftException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_INITIALISED));
        assertThat(fresh.snapshot()).isEmpty();
    }
}
