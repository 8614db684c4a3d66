package dev.weft.gateway.engine;

import static dev.weft.gateway.engine.InProcessEngine.request;
import static dev.weft.gateway.engine.InProcessEngine.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.Input;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("S1.6 aggregate unit: sum, count, mean, min, max over prefetched inputs (S1.8) and local data")
class EngineAggregateUnitTest {
    @TempDir Path data;
    LocalDatabase database;
    InProcessEngine engine;

    @BeforeEach
    void start() {
        database = LocalDatabase.open(LocalDatabase.Settings.embedded(data).withQueries(NamedQueries.of(Map.of(
                "amounts", "SELECT amount FROM sales",
                "amounts-outside", "SELECT amount FROM sales WHERE region <> ?",
                "regions", "SELECT region FROM sales"))));
        DemoData.seed(database, "org2");
        engine = InProcessEngine.start(BuiltinUnits.create(BuiltinUnits.ALL, database));
    }

    @AfterEach
    void stop() {
        engine.close();
        database.close();
    }

    private String run(String operation, String values) {
        ExecuteResponse r = engine.client().execute(request(operation).putParameters("values", values).build());
        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(r.getUnit()).isEqualTo("aggregate");
        return r.getValue().toStringUtf8();
    }

    @ParameterizedTest(name = "{0} of 4, 1.5, -2, 10.25")
    @CsvSource(delimiter = '|', value = {
        "sum   | {\"count\":4,\"operation\":\"sum\",\"sum\":13.75,\"value\":13.75}",
        "count | {\"count\":4,\"operation\":\"count\",\"value\":4}",
        "mean  | {\"count\":4,\"operation\":\"mean\",\"sum\":13.75,\"value\":3.4375}",
        "min   | {\"count\":4,\"min\":-2,\"operation\":\"min\",\"value\":-2}",
        "max   | {\"count\":4,\"max\":10.25,\"operation\":\"max\",\"value\":10.25}"})
    void computesEachOperationExactlyOverParameterValues(String operation, String expected) {
        assertThat(run(operation, "4, 1.5,-2 ,10.25")).isEqualTo(expected);
    }

    @Test
    void meanIsRoundedDeterministicallyAndEmptyInputGivesNulls() {
        assertThat(run("mean", "1,1,2")).isEqualTo(
                "{\"count\":3,\"operation\":\"mean\",\"sum\":4,\"value\":1.333333333333333333333333333333333}");
        assertThat(run("sum", "")).isEqualTo("{\"count\":0,\"operation\":\"sum\",\"sum\":0,\"value\":0}");
        assertThat(run("max", "")).isEqualTo("{\"count\":0,\"max\":null,\"operation\":\"max\",\"value\":null}");
    }

    @Test
    @DisplayName("S1.8 reads param: inputs and numeric result: inputs the gateway prefetched")
    void readsPrefetchedParameterAndUpstreamInputs() {
        Input param = Input.newBuilder().setName("param:values").setValue(ByteString.copyFromUtf8("1,2")).build();
        ExecuteResponse r = engine.client().execute(request("sum").addInputs(param)
                .addInputs(result("result:a/Org1MSP", "10")).addInputs(result("result:b/Org2MSP", "[100, 0.5]"))
                .build());
        assertThat(r.getValue().toStringUtf8()).isEqualTo("{\"count\":5,\"operation\":\"sum\",\"sum\":113.5,\"value\":113.5}");
    }

    @Test
    @DisplayName("S1.8 aggregates the organisation's own rows with a parameterised query")
    void aggregatesTheLocalDatabaseWithAQuery() {
        ExecuteResponse all = engine.client().execute(request("sum")
                .putParameters("query", "amounts").build());
        assertThat(all.getValue().toStringUtf8()).isEqualTo("{\"count\":5,\"operation\":\"sum\",\"sum\":1375,\"value\":1375}");

        ExecuteResponse north = engine.client().execute(request("max")
                .putParameters("query", "amounts-outside")
                .putParameters("arg.1", "central").build());
        assertThat(north.getValue().toStringUtf8()).isEqualTo("{\"count\":4,\"max\":300,\"operation\":\"max\",\"value\":300}");
    }

    @Test
    @DisplayName("issue 9 item 3: a row value that is not a number fails the task without going on chain")
    void privateValuesAreNotQuoted() {
        ExecuteResponse r = engine.client().execute(request("sum").putParameters("query", "regions").build());
        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getError()).isEqualTo("NOT_A_NUMBER: column 1 of named query regions holds a value that is not"
                + " a number");
        ExecuteResponse text = engine.client().execute(request("sum")
                .putParameters("query", "SELECT amount FROM sales").build());
        assertThat(text.getError()).startsWith("SQL_TEXT_REFUSED: ");
    }

    @Test
    @DisplayName("S1.6 bad input is the task's failure (FAILED, no unit fault), not an engine error")
    void badNumbersFailTheExecutionWithAClearError() {
        ExecuteResponse r = engine.client().execute(request("sum").putParameters("values", "1,two").build());
        assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(r.getUnitFault()).isFalse();
        assertThat(r.getError()).contains("'two'", "not a number");

        ExecuteResponse none = engine.client().execute(request("sum").build());
        assertThat(none.getState()).isEqualTo(ExecutionState.FAILED);
        assertThat(none.getError()).contains("values", "query", "upstream");

        ExecuteResponse object = engine.client().execute(request("sum")
                .addInputs(result("result:a/Org1MSP", "{\"count\":1}")).build());
        assertThat(object.getError()).contains("combine");
    }

    @Test
    @DisplayName("S1.6 every result carries the SHA-256 of exactly its bytes")
    void digestIsTheSha256OfTheValue() {
        ExecuteResponse r = engine.client().execute(request("count").putParameters("values", "1,2,3").build());
        byte[] value = r.getValue().toByteArray();
        assertThat(r.getDigest()).isEqualTo(Digests.sha256Hex(value)).hasSize(64);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("{\"count\":3,\"operation\":\"count\",\"value\":3}");
        assertThat(List.of(r.getDigest())).allMatch(d -> d.equals(d.toLowerCase()));
    }
}
