package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("issue 9 item 2: the parameters a creator may set are declared")
class CreatorParametersTest {
    /** The example three-org-sales: each organisation sums its own named query; nothing is creator-settable. */
    static final String SALES = """
            {"id":"three-org-sales","subtasks":[
              {"name":"org1-total","operation":"sum","participants":["Org1MSP"],"parameters":{"query":"sales-amounts"}},
              {"name":"org2-total","operation":"sum","participants":["Org2MSP"],"parameters":{"query":"sales-amounts"}},
              {"name":"org3-total","operation":"sum","participants":["Org3MSP"],"parameters":{"query":"sales-amounts"}},
              {"name":"total","operation":"combine","participants":["Org1MSP"],
               "dependsOn":["org1-total","org2-total","org3-total"]}]}""";

    static final String BOUNDED = """
            {"id":"bounded","subtasks":[
              {"name":"a","operation":"sum","participants":["Org1MSP"],"parameters":{"region":"north","limit":"10"},
               "creatorParameters":{"region":{"type":"enum","values":["south","north"]},
                                    "limit":{"type":"integer","min":1,"max":100},
                                    "label":{"type":"string","minLength":2,"maxLength":5},
                                    "ratio":{"type":"number","min":-0.5,"max":0.5}}},
              {"name":"b","operation":"sum","participants":["Org1MSP"],"parameters":{"limit":"3"},
               "creatorParameters":{"limit":{"type":"integer","min":1,"max":5}}},
              {"name":"c","operation":"combine","participants":["Org1MSP"],"dependsOn":["a","b"]}]}""";

    private final TaskFixture f = new TaskFixture();

    private void refused(String params) {
        f.rejects(ErrorCode.PARAMETER_NOT_ALLOWED, f.user1, ctx -> f.contract.createTask(ctx, "bounded", params));
    }

    @Test
    @DisplayName("issue 9 item 2: Org2 cannot make the others run its SQL: query=SELECT … is refused, nothing written")
    void creatorCannotReplaceTheQuery() {
        f.registerActive(f.admin1, SALES);
        String why = f.rejects(ErrorCode.PARAMETER_NOT_ALLOWED, f.user2, ctx -> f.contract.createTask(ctx,
                "three-org-sales", "{\"query\":\"SELECT amount * 1000 AS amount FROM sales\"}"));
        assertThat(why).contains("query").contains("declares none");
        String taskId = f.create(f.user2, "three-org-sales", "");
        assertThat(f.subtask(taskId, "org2-total").path("state").path("parameters").toString())
                .isEqualTo("{\"query\":\"sales-amounts\"}");
    }

    @Test
    @DisplayName("issue 9 item 2: values outside the declared type and bounds are refused")
    void boundsAreEnforced() {
        f.registerActive(f.admin1, BOUNDED);
        refused("{\"region\":\"east\"}");
        refused("{\"limit\":\"0\"}");
        refused("{\"limit\":\"6\"}");        // within a's 1..100 but outside b's 1..5
        refused("{\"limit\":\"2.5\"}");
        refused("{\"limit\":\"1e2\"}");
        refused("{\"label\":\"x\"}");
        refused("{\"label\":\"toolong\"}");
        refused("{\"ratio\":\"0.51\"}");
        refused("{\"ratio\":\"abc\"}");
        refused("{\"table\":\"secrets\"}");
    }

    @Test
    @DisplayName("issue 9 item 2: a declared parameter overrides only the subtasks that declare it; defaults stay")
    void declaredParametersReachOnlyTheirSubtasks() {
        f.registerActive(f.admin1, BOUNDED);
        String taskId = f.create(f.user1, "bounded", "{\"limit\":\"4\",\"label\":\"ab\",\"ratio\":\"-0.5\"}");
        JsonNode a = f.subtask(taskId, "a").path("state").path("parameters");
        JsonNode b = f.subtask(taskId, "b").path("state").path("parameters");
        JsonNode c = f.subtask(taskId, "c").path("state").path("parameters");
        assertThat(a.toString()).isEqualTo("{\"label\":\"ab\",\"limit\":\"4\",\"ratio\":\"-0.5\",\"region\":\"north\"}");
        assertThat(b.toString()).isEqualTo("{\"limit\":\"4\"}");
        assertThat(c.toString()).isEqualTo("{}");
        String defaults = f.create(f.user1, "bounded", "");
        assertThat(f.subtask(defaults, "b").path("state").path("parameters").toString()).isEqualTo("{\"limit\":\"3\"}");
    }

    @Test
    @DisplayName("issue 9 item 2: declarations without bounds, or defaults outside them, are INVALID_DEFINITION")
    void declarationsAreChecked() {
        String[] invalid = {
            "{\"p\":{\"type\":\"string\"}}",
            "{\"p\":{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}}",
            "{\"p\":{\"type\":\"string\",\"maxLength\":5000}}",
            "{\"p\":{\"type\":\"number\",\"min\":1}}",
            "{\"p\":{\"type\":\"number\",\"min\":2,\"max\":1}}",
            "{\"p\":{\"type\":\"integer\",\"min\":0.5,\"max\":1}}",
            "{\"p\":{\"type\":\"enum\",\"values\":[]}}",
            "{\"p\":{\"type\":\"enum\",\"values\":[\"x\",\"x\"]}}",
            "{\"p\":{\"type\":\"enum\",\"values\":[\"x\"],\"maxLength\":3}}",
            "{\"p\":{\"type\":\"sql\"}}",
            "{\"p\":{\"type\":\"enum\",\"values\":[\"x\"]},\"query\":{\"type\":\"enum\",\"values\":[\"other\"]}}",
        };
        for (String declared : invalid) {
            String json = "{\"id\":\"d\",\"subtasks\":[{\"name\":\"a\",\"operation\":\"sum\",\"participants\":"
                    + "[\"Org1MSP\"],\"parameters\":{\"query\":\"mine\"},\"creatorParameters\":" + declared + "}]}";
            f.rejects(ErrorCode.INVALID_DEFINITION, f.admin1, ctx -> f.contract.registerDefinition(ctx, json));
        }
        String unknownField = "{\"id\":\"d\",\"subtasks\":[{\"name\":\"a\",\"operation\":\"sum\",\"participants\":"
                + "[\"Org1MSP\"],\"creatorParameters\":{\"p\":{\"type\":\"string\",\"maxLength\":3,\"pattern\":\".*\"}}}]}";
        f.rejects(ErrorCode.BAD_REQUEST, f.admin1, ctx -> f.contract.registerDefinition(ctx, unknownField));
    }
}
