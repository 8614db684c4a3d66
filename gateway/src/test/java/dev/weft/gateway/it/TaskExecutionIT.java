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
    /** A named query each organisation's engine has (examples/queries/ORG.json). */
    private static final String SUM_QUERY = "sales-amounts";

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

    @Test
    @DisplayName("issue 9 item 1: Org2 cannot create a task of a definition Org1 and Org3 have not approved")
    void noTaskBeforeEveryParticipantApproved() throws Exception {
        String id = "consent-" + System.nanoTime();
        String json = JSON.writeValueAsString(Map.of("id", id, "subtasks", List.of(
                leaf("org1-total", "sum", "Org1MSP", Map.of("query", SUM_QUERY)),
                leaf("org3-total", "sum", "Org3MSP", Map.of("query", SUM_QUERY)),
                Map.of("name", "total", "operation", "combine", "participants", List.of("Org2MSP"),
                        "dependsOn", List.of("org1-total", "org3-total")))));
        try (ChainClient org2Admin = RealNetwork.client("org2", "Admin");
                ChainClient org2User = RealNetwork.client("org2", "User1")) {
            JsonNode proposed = Consent.read(org2Admin.submit("task:RegisterDefinition", json).result());
            assertThat(proposed.path("awaiting").toString()).isEqualTo("[\"Org1MSP\",\"Org3MSP\"]");
            assertThatThrownBy(() -> org2User.submit("task:CreateTask", id, ""))
                    .isInstanceOfSatisfying(ChainException.class,
                            e -> assertThat(e.code()).isEqualTo("DEFINITION_NOT_APPROVED"));
            try (ChainClient org1Admin = RealNetwork.client("org1", "Admin")) {
                org1Admin.submit("task:ApproveDefinition", id, proposed.path("digest").asText());
            }
            assertThatThrownBy(() -> org2User.submit("task:CreateTask", id, ""))
                    .isInstanceOfSatisfying(ChainException.class,
                            e -> assertThat(e.code()).isEqualTo("DEFINITION_NOT_APPROVED"));
            assertThat(tasksOf(id)).as("no task of the definition was written").isEmpty();

            Consent.approveAll(org2User, id);
            String taskId = Consent.read(org2User.submit("task:CreateTask", id, "").result()).path("taskId").asText();
            assertThat(awaitEnd(taskId).path("task").path("status").asText()).isEqualTo("COMPLETED");
        }
    }

    @Test
    @DisplayName("issue 9 item 3: a task cannot carry SQL text: engines refuse it with a stable code, no result on chain")
    void engineRefusesSqlTextFromTheChain() throws Exception {
        // even a definition every participant approved cannot make an engine run SQL text it carries
        String def = define("sqltext", List.of(
                leaf("org1-total", "sum", "Org1MSP", Map.of("query", "SELECT amount * 1000 AS amount FROM sales")),
                leaf("org3-total", "sum", "Org3MSP", Map.of("query", "no-such-query"))));
        String taskId;
        try (ChainClient creator = RealNetwork.client("org2", "User1")) {
            taskId = Consent.read(creator.submit("task:CreateTask", def, "").result()).path("taskId").asText();
        }
        JsonNode task = awaitEnd(taskId);
        assertThat(task.path("task").path("status").asText()).isEqualTo("FAILED");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        // the task fails with its first failed subtask; wait until both organisations' reports are in
        JsonNode org1;
        JsonNode org3;
        do {
            Thread.sleep(250);
            JsonNode now = JSON.readTree(admin.evaluate("task:GetTask", taskId));
            org1 = subtask(now, "org1-total");
            org3 = subtask(now, "org3-total");
        } while (!("FAILED".equals(org1.path("state").path("status").asText())
                && "FAILED".equals(org3.path("state").path("status").asText())) && System.nanoTime() < deadline);
        assertThat(org1.path("results")).as("no result of Org1's data").isEmpty();
        assertThat(org1.path("state").path("failures").get(0).path("reason").asText())
                .startsWith("SQL_TEXT_REFUSED").doesNotContain("SELECT");
        assertThat(org3.path("results")).isEmpty();
        assertThat(org3.path("state").path("failures").get(0).path("reason").asText()).startsWith("UNKNOWN_QUERY");
    }

    /** The tasks of a definition, whatever their status. */
    private static List<JsonNode> tasksOf(String definitionId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String status : List.of("RUNNING", "COMPLETED", "FAILED")) {
            String bookmark = "";
            do {
                JsonNode page = JSON.readTree(admin.evaluate("task:ListTasks", status, "200", bookmark));
                page.path("items").forEach(t -> {
                    if (definitionId.equals(t.path("definitionId").asText())) {
                        out.add(t);
                    }
                });
                bookmark = page.path("bookmark").asText();
            } while (!bookmark.isEmpty());
        }
        return out;
    }

    private static Map<String, Object> leaf(String name, String op, String msp, Map<String, String> params) {
        return Map.of("name", name, "operation", op, "participants", List.of(msp), "parameters", params);
    }

    /** Registers as Org1's admin, then every other participant's admin approves it. */
    private static String define(String prefix, List<Map<String, Object>> subtasks) throws Exception {
        String id = prefix + "-" + System.nanoTime();
        Consent.defineActive(admin, JSON.writeValueAsString(Map.of("id", id, "subtasks", subtasks)));
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
