package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks executed end to end on the real channel by three organisations'
 * gateways and standard engines.
 */
@ExtendWith(RealNetwork.class)
class TaskExecutionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUM_QUERY = "SELECT amount FROM sales";

    @TempDir
    static Path dir;
    static Map<String, OrgServices> services;
    static ChainClient admin;

    @BeforeAll
    static void startServices() {
        services = OrgServices.start(dir, "org1", "org2", "org3");
        admin = RealNetwork.client("org1", "Admin");
    }

    @AfterAll
    static void stopServices() {
        if (admin != null) {
            admin.close();
        }
        if (services != null) {
            OrgServices.closeAll(services);
        }
    }

    @Test
    @DisplayName("S1.1 S1.2 S1.3 S1.4 S1.5 S1.8: a 2-level DAG over three organisations' local data completes")
    void twoLevelDagWithThreeOrgsCompletes() throws Exception {
        String def = define("sales", List.of(
                leaf("org1-total", "sum", "Org1MSP", Map.of("query", SUM_QUERY)),
                leaf("org2-total", "sum", "Org2MSP", Map.of("query", SUM_QUERY)),
                leaf("org3-total", "sum", "Org3MSP", Map.of("query", SUM_QUERY)),
                Map.of("name", "combined", "operation", "combine",
                        "participants", List.of("Org1MSP", "Org2MSP", "Org3MSP"),
                        "dependsOn", List.of("org1-total", "org2-total", "org3-total"))));
        String taskId;
        try (ChainClient creator = RealNetwork.client("org2", "User1")) {
            taskId = JSON.readTree(creator.submit("task:CreateTask", def, "").result()).path("taskId").asText();
        }
        JsonNode task = awaitEnd(taskId);
        assertThat(task.path("task").path("status").asText()).isEqualTo("COMPLETED");

        long expected = 0;
        for (String org : List.of("org1", "org2", "org3")) {
            JsonNode leaf = subtask(task, org + "-total");
            assertThat(leaf.path("state").path("status").asText()).isEqualTo("COMPLETED");
            expected += JSON.readTree(leaf.path("results").get(0).path("value").asText()).path("sum").asLong();
            assertThat(services.get(org).runs(taskId, org + "-total", 1)).as(org + " ran its leaf once").isEqualTo(1);
        }
        JsonNode combined = subtask(task, "combined");
        assertThat(combined.path("results")).hasSize(3);
        for (JsonNode r : combined.path("results")) {
            assertThat(r.path("digest").asText()).isEqualTo(combined.path("state").path("digest").asText());
            assertThat(JSON.readTree(r.path("value").asText()).path("sum").asLong()).isEqualTo(expected);
        }
        assertThat(expected).isPositive();
    }

    @Test
    @DisplayName("S1.5: fan-in with concurrent results completes despite MVCC conflicts")
    void fanInWithConcurrentResultsCompletes() throws Exception {
        List<Map<String, Object>> subtasks = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        String[] msps = {"Org1MSP", "Org2MSP", "Org3MSP"};
        for (int i = 0; i < 6; i++) {
            String name = "part-" + i;
            leaves.add(name);
            subtasks.add(leaf(name, "sum", msps[i % 3], Map.of("values", i + ",10")));
        }
        subtasks.add(Map.of("name", "total", "operation", "combine", "participants", List.of("Org3MSP"),
                "dependsOn", leaves));
        String def = define("fanin", subtasks);
        List<CompletableFuture<String>> created = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            created.add(CompletableFuture.supplyAsync(() -> {
                try (ChainClient creator = RealNetwork.client("org1", "User1")) {
                    return JSON.readTree(creator.submit("task:CreateTask", def, "").result()).path("taskId").asText();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<String> f : created) {
            JsonNode task = awaitEnd(f.get());
            assertThat(task.path("task").path("status").asText()).isEqualTo("COMPLETED");
            JsonNode total = JSON.readTree(subtask(task, "total").path("results").get(0).path("value").asText());
            assertThat(total.path("sum").asLong()).isEqualTo(0 + 1 + 2 + 3 + 4 + 5 + 6 * 10);
        }
    }

    @Test
    @DisplayName("S1.4: a result from an organisation that does not participate is rejected and changes nothing")
    void resultFromNonParticipantIsRejected() throws Exception {
        String def = define("only-org2", List.of(leaf("slow", "sum", "Org2MSP", Map.of("values", "1"))));
        String taskId;
        try (ChainClient creator = RealNetwork.client("org1", "User1")) {
            taskId = JSON.readTree(creator.submit("task:CreateTask", def, "").result()).path("taskId").asText();
        }
        try (ChainClient org3 = RealNetwork.client("org3", "User1")) {
            assertThatThrownBy(() -> org3.submit("task:SubmitResult", taskId, "slow", "1",
                    "0".repeat(64), ""))
                    .isInstanceOfSatisfying(ChainException.class, e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
        }
        JsonNode task = awaitEnd(taskId);
        JsonNode slow = subtask(task, "slow");
        assertThat(slow.path("results")).hasSize(1);
        assertThat(slow.path("results").get(0).path("mspId").asText()).isEqualTo("Org2MSP");
    }

    private static Map<String, Object> leaf(String name, String op, String msp, Map<String, String> params) {
        return Map.of("name", name, "operation", op, "participants", List.of(msp), "parameters", params);
    }

    private static String define(String prefix, List<Map<String, Object>> subtasks) throws Exception {
        String id = prefix + "-" + System.nanoTime();
        admin.submit("task:RegisterDefinition", JSON.writeValueAsString(Map.of("id", id, "subtasks", subtasks)));
        return id;
    }

    static JsonNode awaitEnd(String taskId) throws Exception {
        return awaitEndWith(admin, taskId, Duration.ofMinutes(2));
    }

    /** The task once it left RUNNING, or as it is when {@code timeout} passed. */
    static JsonNode awaitEndWith(ChainClient reader, String taskId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode task;
        do {
            Thread.sleep(250);
            task = JSON.readTree(reader.evaluate("task:GetTask", taskId));
        } while ("RUNNING".equals(task.path("task").path("status").asText()) && System.nanoTime() < deadline);
        return task;
    }

    static JsonNode subtask(JsonNode task, String name) {
        for (JsonNode s : task.path("subtasks")) {
            if (name.equals(s.path("state").path("name").asText())) {
                return s;
            }
        }
        throw new AssertionError("no subtask " + name + " in " + task);
    }
}
