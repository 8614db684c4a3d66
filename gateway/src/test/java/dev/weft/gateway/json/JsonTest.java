package dev.weft.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.weft.proto.task.v1.ReadySubtask;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the bytes each variant of the codec writes: digests and the chaincode's comparisons depend on them. */
class JsonTest {

    @Test
    void canonicalBytesSortKeysDropWhitespaceAndWriteNumbersPlainly() throws Exception {
        JsonNode tree = Json.EXACT.mapper().readTree(
                "{ \"b\": [1.50, 1E+2, -0.0, 10], \"a\": {\"z\": null, \"y\": true, \"é\": \"x\\u0001\"}, \"c\": 0.000 }");
        assertThat(new String(Json.canonical(tree), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":{\"y\":true,\"z\":null,\"é\":\"x\\u0001\"},\"b\":[1.5,100,0,10],\"c\":0}");
    }

    @Test
    void canonicalBytesDoNotDependOnTheOrderKeysWerePut() {
        JsonNode one = Json.PLAIN.object().put("x", 1).put("a", "t");
        JsonNode two = Json.PLAIN.object().put("a", "t").put("x", 1);
        assertThat(Json.canonical(one)).isEqualTo(Json.canonical(two)).isEqualTo("{\"a\":\"t\",\"x\":1}"
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTaskContractVariantSortsMapKeys() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("z", 1);
        args.put("a", List.of("b", "a"));
        assertThat(Json.SORTED.write(args)).isEqualTo("{\"a\":[\"b\",\"a\"],\"z\":1}");
    }

    @Test
    void theContractVariantSortsTreesAndMapsAndLeavesOutNullFields() {
        record Vote(String voter, String note, String choice) {
        }
        assertThat(Json.CONTRACT.write(new Vote("org:Org1MSP", null, "YES")))
                .isEqualTo("{\"voter\":\"org:Org1MSP\",\"choice\":\"YES\"}");
        JsonNode tree = Json.CONTRACT.object().put("operation", "SET").put("a", 1);
        assertThat(Json.CONTRACT.write(tree)).isEqualTo("{\"a\":1,\"operation\":\"SET\"}");
        // the plain variant keeps the order a tree was built in
        assertThat(Json.PLAIN.write(tree)).isEqualTo("{\"operation\":\"SET\",\"a\":1}").isEqualTo(tree.toString());
    }

    @Test
    void thePrettyVariantIndentsWhatTheCliPrints() {
        assertThat(Json.PRETTY.write(Map.of("a", 1))).isEqualTo("{\n  \"a\" : 1\n}");
    }

    @Test
    void theExactVariantKeepsDecimalsAndRefusesTrailingTokens() throws Exception {
        assertThat(Json.EXACT.mapper().readTree("0.10").decimalValue().toPlainString()).isEqualTo("0.10");
        assertThatThrownBy(() -> Json.EXACT.mapper().readTree("{} {}"))
                .hasMessageContaining("Trailing token");
    }

    @Test
    void plainBindingRefusesUnknownProperties() {
        record Row(String id) {
        }
        assertThatThrownBy(() -> Json.PLAIN.mapper().readValue("{\"id\":\"a\",\"extra\":1}", Row.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void readNamesWhatWasNotJson() {
        assertThatThrownBy(() -> Json.PLAIN.read("{", "task:GetTask"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("task:GetTask is not valid JSON");
        assertThatThrownBy(() -> Json.PLAIN.read("", "task:GetTask")).hasMessage("task:GetTask is empty");
    }

    @Test
    void protobufMessagesTravelAsCompactProto3Json() throws Exception {
        ReadySubtask s = ReadySubtask.newBuilder().setTaskId("t1").setSubtaskId("s1").setOperation("sum")
                .putParameters("k", "v").addParticipants("Org1MSP").setAttempt(2).build();
        String json = Json.printProto(s);
        assertThat(json).isEqualTo("{\"taskId\":\"t1\",\"subtaskId\":\"s1\",\"operation\":\"sum\","
                + "\"parameters\":{\"k\":\"v\"},\"participants\":[\"Org1MSP\"],\"attempt\":2}");
        assertThat(Json.mergeProto(json.replace("{\"taskId\"", "{\"notYetKnown\":1,\"taskId\""),
                ReadySubtask.newBuilder()).build()).isEqualTo(s);
    }
}
