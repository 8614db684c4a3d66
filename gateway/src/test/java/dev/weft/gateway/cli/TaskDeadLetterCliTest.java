package dev.weft.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.SendMode;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code weft task dead-letters} and {@code weft task replay} on a real gateway
 * store: poison events are visible, and a replay puts the organisation's
 * subtasks into the task list that recovery reads at the next start (S0.1).
 */
class TaskDeadLetterCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = """
            {"kind":"CREATED","taskId":"t-1","taskStatus":"RUNNING","txId":"tx-1","ready":[
             {"taskId":"t-1","subtaskId":"a","operation":"sum","attempt":1,"participants":["Org1MSP"],
              "parameters":{"values":"1,2"},"inputs":[{"name":"param:values","value":"1,2"}]},
             {"taskId":"t-1","subtaskId":"b","operation":"sum","attempt":1,"participants":["Org2MSP"]},
             {"taskId":"t-1","subtaskId":"c","operation":"combine","attempt":1,"participants":["Org1MSP","Org2MSP"]}]}
            """;

    @TempDir
    Path data;

    @Test
    @DisplayName("S0.1 dead letters are listed, and a replay puts the org's subtasks into the task list once")
    void listsAndReplaysADeadLetter() throws Exception {
        long id;
        try (GatewayStore store = GatewayStore.openSqlite(data)) {
            id = store.deadLetter(letter("tx-1", EVENT)).id();
        }

        Run listed = run("task", "dead-letters", "--data", data.toString(), "-o", "json");
        assertThat(listed.code).as(listed.err).isZero();
        JsonNode letters = JSON.readTree(listed.out);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(letters.get(0).path("taskId").asText()).isEqualTo("t-1");
        assertThat(letters.get(0).path("attempts").asInt()).isEqualTo(5);
        assertThat(letters.get(0).path("error").asText()).isEqualTo("store unavailable");
        assertThat(run("task", "dead-letters", "--data", data.toString()).out).contains("t-1", "store unavailable");

        Run replayed = run("task", "replay", Long.toString(id), "--data", data.toString(), "--msp", "Org1MSP",
                "-o", "json");
        assertThat(replayed.code).as(replayed.err).isZero();
        JsonNode outcome = JSON.readTree(replayed.out);
        assertThat(outcome.path("taken")).extracting(n -> n.path("subtaskId").asText()).containsExactly("a", "c");
        assertThat(outcome.path("runsAt").asText()).isEqualTo("next gateway start");

        try (GatewayStore store = GatewayStore.openSqlite(data)) {
            assertThat(store.deadLetters()).isEmpty();
            List<TaskEntry> list = store.taskList();
            assertThat(list).extracting(TaskEntry::key)
                    .containsExactly(new TaskKey("t-1", "a", 1), new TaskKey("t-1", "c", 1));
            assertThat(list).allSatisfy(e -> {
                assertThat(e.sendMode()).isEqualTo(SendMode.FIRST_SEND);
                assertThat(e.blockNumber()).isEqualTo(7);
            });
            assertThat(ReadySubtask.parseFrom(list.get(0).subtask()).getParametersMap()).containsEntry("values", "1,2");
        }
        assertThat(run("task", "dead-letters", "--data", data.toString()).out).contains("no dead letters");
        Run again = run("task", "replay", Long.toString(id), "--data", data.toString(), "--msp", "Org1MSP");
        assertThat(again.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err).contains("no dead letter " + id);
    }

    @Test
    @DisplayName("a letter that is unreadable, or names none of the org's subtasks, is refused and stays listed")
    void refusesWhatCannotBeReplayedAndKeepsIt() throws Exception {
        long garbage;
        long foreign;
        try (GatewayStore store = GatewayStore.openSqlite(data)) {
            garbage = store.deadLetter(letter("tx-2", "{not json")).id();
            foreign = store.deadLetter(letter("tx-3", EVENT)).id();
        }
        Run bad = run("task", "replay", Long.toString(garbage), "--data", data.toString(), "--msp", "Org1MSP");
        assertThat(bad.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err).contains("malformed task event");
        Run wrongOrg = run("task", "replay", Long.toString(foreign), "--data", data.toString(), "--msp", "Org3MSP");
        assertThat(wrongOrg.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrongOrg.err).contains("names no subtask of Org3MSP");

        JsonNode letters = JSON.readTree(run("task", "dead-letters", "--data", data.toString(), "-o", "json").out);
        assertThat(letters).extracting(n -> n.path("id").asLong()).containsExactly(garbage, foreign);
        assertThat(letters.get(0).path("taskId").isNull()).isTrue();
        try (GatewayStore store = GatewayStore.openSqlite(data)) {
            assertThat(store.taskList()).isEmpty();
        }
    }

    @Test
    void aFolderWithoutAStoreIsBadInputAndNoStoreIsCreated() {
        Path empty = data.resolve("nothing-here");
        Run r = run("task", "dead-letters", "--data", empty.toString());
        assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).contains("no gateway store in");
        assertThat(empty).doesNotExist();
        assertThat(run("task", "replay", "1").code).as("a store location is required").isEqualTo(2);
    }

    private static DeadLetter letter(String txId, String payload) {
        return new DeadLetter(0, 7, txId, "weft.task", payload.getBytes(StandardCharsets.UTF_8), "store unavailable",
                5, Instant.now());
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = dev.weft.gateway.cli.Weft.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
