package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S1.5 participants agree: the same subtask gives the same bytes on every organisation's engine")
class EngineDeterminismTest {
    final InProcessEngine org1 = InProcessEngine.start(EngineFramework.builder().name("Org1MSP")
            .units(BuiltinUnits.create(java.util.Set.of("aggregate", "combine", "sha256"), null)).build());
    final InProcessEngine org2 = InProcessEngine.start(EngineFramework.builder().name("Org2MSP").workers(1)
            .units(BuiltinUnits.create(java.util.Set.of("combine", "sha256", "aggregate"), null)).build());

    @AfterEach
    void stop() {
        org1.close();
        org2.close();
    }

    private static ExecuteRequest.Builder subtask(String operation, String executor) {
        return ExecuteRequest.newBuilder().setTaskId("t-det").setSubtaskId("total").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation(operation).setExecutorMspId(executor);
    }

    @Test
    @DisplayName("S1.8 inputs in any order and numbers in any notation give identical bytes and digests")
    void sameInputsGiveSameBytesOnEveryEngine() {
        Input a = result("result:local1/Org1MSP", "{\"value\":875,\"sum\":875.00,\"operation\":\"sum\",\"count\":5}");
        Input b = result("result:local2/Org2MSP", "{\"count\":5,\"operation\":\"sum\",\"sum\":1.375E+3,\"value\":1375}");
        Input c = result("result:local3/Org3MSP", "{\"count\":5, \"operation\":\"sum\", \"sum\":1875, \"value\":1875}");

        for (String operation : List.of("combine", "merge", "sha256", "count")) {
            var mine = subtask(operation, "Org1MSP").setSubtaskId(operation).addInputs(a).addInputs(b).addInputs(c);
            var theirs = subtask(operation, "Org2MSP").setSubtaskId(operation).addInputs(c).addInputs(a).addInputs(b);
            if (operation.equals("count")) {
                mine.clearInputs().putParameters("values", "1.0,2.00").putParameters("unused", "x");
                theirs.clearInputs().putParameters("unused", "x").addInputs(Input.newBuilder().setName("param:values")
                        .setValue(ByteString.copyFromUtf8("1.0,2.00")));
            }
            ExecuteResponse first = org1.client().execute(mine.build());
            ExecuteResponse second = org2.client().execute(theirs.build());
            assertThat(second.getValue()).as(operation).isEqualTo(first.getValue());
            assertThat(second.getDigest()).as(operation).isEqualTo(first.getDigest());
        }
        assertThat(org1.client().execute(subtask("combine", "Org1MSP").addInputs(b).addInputs(a)
                .addInputs(c).build()).getValue().toStringUtf8())
                .isEqualTo("{\"count\":15,\"operation\":\"sum\",\"sum\":4125,\"value\":4125}");
    }

    @Test
    void canonicalJsonSortsKeysAndNormalisesNumbers() throws Exception {
        var node = EngineJson.parse("{\"b\":[1.50,-0.0,1E+3,1e-2],\"a\":{\"y\":true,\"x\":\"é\"}}".getBytes(), "t");
        assertThat(new String(EngineJson.canonical(node), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"x\":\"é\",\"y\":true},\"b\":[1.5,0,1000,0.01]}");
    }
}
