package dev.weft.chaincode.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.testing.FakeLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event payload must parse with protobuf JsonFormat into weft.task.v1.TaskEvent
 * on the gateway; this test reads the .proto itself and checks every field name.
 */
@DisplayName("S1.3 weft.task events match task_events.proto")
class TaskEventShapeTest {
    private static final Path PROTO = Path.of("..", "proto", "src", "main", "proto", "weft", "task", "v1",
            "task_events.proto");

    private static Map<String, Set<String>> protoFields() throws Exception {
        String text = Files.readString(PROTO);
        Map<String, Set<String>> out = new HashMap<>();
        Matcher message = Pattern.compile("message\\s+(\\w+)\\s*\\{([^}]*)}").matcher(text);
        Pattern field = Pattern.compile("(?m)^\\s*(?:repeated\\s+)?(?:map<[^>]+>|[\\w.]+)\\s+(\\w+)\\s*=\\s*\\d+;");
        while (message.find()) {
            Set<String> names = new HashSet<>();
            Matcher f = field.matcher(message.group(2));
            while (f.find()) {
                names.add(lowerCamel(f.group(1)));
            }
            out.put(message.group(1), names);
        }
        return out;
    }

    private static String lowerCamel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new HashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    @DisplayName("S1.3 S1.8 every field of every task event is a field of TaskEvent, ReadySubtask or InputRef")
    void eventFieldsAreProtoFields() throws Exception {
        Map<String, Set<String>> proto = protoFields();
        assertThat(proto.get("TaskEvent")).contains("txId", "taskId", "kind", "taskStatus", "ready");
        assertThat(proto.get("ReadySubtask")).contains("subtaskId", "definitionId", "inputs");

        TaskFixture f = TaskFixture.withPipeline();
        String taskId = f.create(f.user1, "pipeline", "{\"region\":\"us\"}");
        f.submit(f.user1, taskId, "extract", 1, "x");
        f.submit(f.user2, taskId, "extract", 1, "x");
        f.submit(f.user3, taskId, "enrich", 1, "y");
        f.ledger.submit(f.user1, ctx -> f.contract.reportFailure(ctx, taskId, "merge", "1", "no"));
        f.ledger.submit(f.user1, ctx -> f.contract.retrySubtask(ctx, taskId, "merge"));

        assertThat(f.ledger.events()).extracting(FakeLedger.Event::name).containsOnly("weft.task");
        assertThat(f.ledger.events()).hasSize(6);
        int readySeen = 0;
        for (FakeLedger.Event e : f.ledger.events()) {
            JsonNode event = TaskFixture.json(e.payload());
            assertThat(proto.get("TaskEvent")).containsAll(keys(event));
            assertThat(event.get("txId").asText()).isEqualTo(e.txId());
            for (JsonNode ready : event.get("ready")) {
                readySeen++;
                assertThat(proto.get("ReadySubtask")).containsAll(keys(ready));
                assertThat(ready.get("attempt").isInt()).isTrue();
                assertThat(ready.get("parameters").isObject()).isTrue();
                ready.get("parameters").forEach(v -> assertThat(v.isTextual()).isTrue());
                for (JsonNode input : ready.get("inputs")) {
                    assertThat(proto.get("InputRef")).containsAll(keys(input));
                }
            }
        }
        assertThat(readySeen).isEqualTo(4);
        assertThat(f.ledger.events()).extracting(e -> TaskFixture.json(e.payload()).get("kind").asText())
                .containsExactly("CREATED", "ADVANCED", "ADVANCED", "ADVANCED", "FAILED", "RETRIED");
    }

    @Test
    @DisplayName("S1.10 issue 16: a ready subtask lists who may fetch its result by digest, the participants of "
            + "the subtasks that depend on it, so a gateway need not read the task")
    void readySubtasksListTheirResultReaders() {
        TaskFixture f = TaskFixture.withPipeline();
        String taskId = f.create(f.user1, "pipeline", "{\"region\":\"us\"}");
        java.util.Map<String, JsonNode> ready = new java.util.TreeMap<>();
        TaskFixture.json(f.ledger.lastEvent().payload()).get("ready").forEach(r -> ready.put(r.get("subtaskId")
                .asText(), r));
        assertThat(ready).containsOnlyKeys("enrich", "extract");
        for (JsonNode r : ready.values()) {
            assertThat(r.get("resultReadersListed").asBoolean()).isTrue();
            assertThat(r.get("resultReaders")).extracting(JsonNode::asText)
                    .containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
        }
        f.submit(f.user1, taskId, "extract", 1, "x");
        f.submit(f.user2, taskId, "extract", 1, "x");
        f.submit(f.user3, taskId, "enrich", 1, "y");
        JsonNode merge = TaskFixture.json(f.ledger.lastEvent().payload()).get("ready").get(0);
        assertThat(merge.get("subtaskId").asText()).isEqualTo("merge");
        assertThat(merge.get("resultReadersListed").asBoolean()).isTrue();
        assertThat(merge.get("resultReaders")).as("a sink: nobody reads its result").isEmpty();
    }
}
