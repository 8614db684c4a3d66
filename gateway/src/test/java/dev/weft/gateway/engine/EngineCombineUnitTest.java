package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static dev.weft.gateway.engine.InProcessEngine.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("S1.6 combine unit: merges per-organisation aggregates into the task's result")
class EngineCombineUnitTest {
    final InProcessEngine engine = InProcessEngine.start(List.of(new CombineUnit(), new AggregateUnit(null)));

    @AfterEach
    void stop() {
        engine.close();
    }

    private ExecuteResponse execute(dev.weft.proto.engine.v1.ExecuteRequest.Builder request) {
        return engine.client().execute(request.build());
    }

    @Test
    @DisplayName("S1.6 3-org demo: each org aggregates its own database, one subtask combines them")
    void combinesThreeOrganisationsLocalAggregates(@TempDir Path data) {
        List<String> partials = new ArrayList<>();
        for (int org = 1; org <= 3; org++) {
            try (LocalDatabase db = LocalDatabase.open(LocalDatabase.Settings.embedded(data.resolve("org" + org))
                    .withQueries(NamedQueries.of(java.util.Map.of("amounts", "SELECT amount FROM sales"))));
                    InProcessEngine local = InProcessEngine.start(BuiltinUnits.create(BuiltinUnits.ALL, db))) {
                DemoData.seed(db, "org" + org);
                partials.add(local.client().execute(request("mean")
                        .putParameters("query", "amounts").build()).getValue().toStringUtf8());
            }
        }
        assertThat(partials).containsExactly(
                "{\"count\":5,\"operation\":\"mean\",\"sum\":875,\"value\":175}",
                "{\"count\":5,\"operation\":\"mean\",\"sum\":1375,\"value\":275}",
                "{\"count\":5,\"operation\":\"mean\",\"sum\":1875,\"value\":375}");

        ExecuteResponse total = execute(request("combine")
                .addInputs(result("result:local1/Org1MSP", partials.get(0)))
                .addInputs(result("result:local2/Org2MSP", partials.get(1)))
                .addInputs(result("result:local3/Org3MSP", partials.get(2))));
        assertThat(total.getState()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(total.getValue().toStringUtf8())
                .isEqualTo("{\"count\":15,\"operation\":\"mean\",\"sum\":4125,\"value\":275}");

        ExecuteResponse sumOfMeans = execute(request("combine").putParameters("operation", "sum")
                .addInputs(result("result:local1/Org1MSP", partials.get(0)))
                .addInputs(result("result:local2/Org2MSP", partials.get(1))));
        assertThat(sumOfMeans.getValue().toStringUtf8())
                .isEqualTo("{\"count\":10,\"operation\":\"sum\",\"sum\":2250,\"value\":2250}");
    }

    @Test
    @DisplayName("S1.6 combining gives what aggregating all the numbers at once gives")
    void combineEqualsAggregatingEverything() {
        for (String op : List.of("sum", "count", "mean", "min", "max")) {
            String a = execute(request(op).putParameters("values", "3,-1.5,8")).getValue().toStringUtf8();
            String b = execute(request(op).putParameters("values", "")).getValue().toStringUtf8();
            String c = execute(request(op).putParameters("values", "2.25,10")).getValue().toStringUtf8();
            String all = execute(request(op).putParameters("values", "3,-1.5,8,2.25,10")).getValue().toStringUtf8();
            String combined = execute(request("combine").addInputs(result("result:a/O1", a))
                    .addInputs(result("result:b/O2", b)).addInputs(result("result:c/O3", c))).getValue().toStringUtf8();
            assertThat(combined).as(op).isEqualTo(all);
        }
    }

    @Test
    void refusesMixedOrIncompleteUpstreamResults() {
        String sum = "{\"count\":2,\"operation\":\"sum\",\"sum\":3,\"value\":3}";
        String max = "{\"count\":2,\"max\":2,\"operation\":\"max\",\"value\":2}";
        ExecuteResponse mixed = execute(request("combine").addInputs(result("result:a/O1", sum))
                .addInputs(result("result:b/O2", max)));
        assertThat(mixed.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(mixed.getError()).contains("mix operations");

        ExecuteResponse noMin = execute(request("combine").putParameters("operation", "min")
                .addInputs(result("result:a/O1", sum)));
        assertThat(noMin.getError()).contains("no numeric 'min'");

        ExecuteResponse none = execute(request("combine"));
        assertThat(none.getError()).contains("needs upstream results");

        ExecuteResponse notJson = execute(request("combine").addInputs(result("result:a/O1", "{oops")));
        assertThat(notJson.getError()).contains("input result:a/O1 is not valid JSON");
    }

    @Test
    @DisplayName("S1.6 merge puts every upstream JSON result under its input name, canonically")
    void mergeCollectsUpstreamResults() {
        ExecuteResponse merged = execute(request("merge")
                .addInputs(result("result:b/Org2MSP", "{ \"z\": 1.50, \"a\": [1E+2, true, null] }"))
                .addInputs(result("result:a/Org1MSP", "\"text\"")));
        assertThat(merged.getValue().toStringUtf8()).isEqualTo(
                "{\"result:a/Org1MSP\":\"text\",\"result:b/Org2MSP\":{\"a\":[100,true,null],\"z\":1.5}}");
    }
}
