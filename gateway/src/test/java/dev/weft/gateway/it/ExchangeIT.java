package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collaborative subtask on the real channel (S1.10): three organisations' engines, each
 * with an exchange port whose address its admin published on chain, compute the joint total
 * of their private sales (examples/tasks/private-sum.json) by exchanging additive shares.
 */
@ExtendWith(RealNetwork.class)
class ExchangeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Map<String, OrgServices> services = new LinkedHashMap<>();
    static ChainClient admin;

    @BeforeAll
    static void start() {
        for (String org : List.of("org1", "org2", "org3")) {
            services.put(org, new OrgServices(org, dir.resolve(org), SchedulerConfig.DEFAULT_ANTI_ENTROPY, true, true));
        }
        admin = RealNetwork.client("org1", "Admin");
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        OrgServices.closeAll(services);
    }

    @Test
    @DisplayName("S1.10 three engines exchange shares through their exchange ports: every participant submits 4125 "
            + "with a manifest the chain pairs, and no organisation's own total is in the task's record")
    void privateSumOnTheChannel() throws Exception {
        String definition = Files.readString(RealNetwork.repo().resolve("examples/tasks/private-sum.json"))
                .replace("\"private-sum\"", "\"private-sum-" + System.nanoTime() + "\"");
        String id = JSON.readTree(definition).path("id").asText();
        Consent.defineActive(admin, definition);
        JsonNode endpoints = JSON.readTree(admin.evaluate("exchange:GetEndpoints")).path("items");
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(3);

        String taskId;
        try (ChainClient creator = RealNetwork.client("org2", "User1")) {
            taskId = JSON.readTree(creator.submit("task:CreateTask", id, "").result()).path("taskId").asText();
        }
        JsonNode task = TaskExecutionIT.awaitEndWith(admin, taskId, Duration.ofMinutes(3));
        assertThat(task.path("task").path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode total = TaskExecutionIT.subtask(task, "total");
        assertThat(total.path("results")).hasSize(3);
        for (JsonNode r : total.path("results")) {
            assertThat(r.path("value").asText())
                    .isEqualTo("{\"operation\":\"exchange.private-sum\",\"participants\":3,\"total\":4125}");
            JsonNode manifest = r.path("manifest");
            assertThat(manifest).as(r.path("mspId").asText()).hasSize(8);
            for (JsonNode m : manifest) {
                assertThat(m.path("peer").asText()).isNotEqualTo(r.path("mspId").asText());
                assertThat(m.path("digest").asText()).hasSize(64);
            }
        }
        // the record of the task names the total, never one organisation's own figure (875, 1375, 1875)
        String record = task.toString().replaceAll("[0-9a-f]{64}", "#");
        assertThat(record).containsPattern("total\\\\\":4125");
        assertThat(record).doesNotContainPattern("(?<![0-9])(875|1375|1875)(\\.0+)?(?![0-9])");
        for (OrgServices s : services.values()) {
            assertThat(s.runs(taskId, "total", 1)).as(s.org + " ran its part once").isEqualTo(1);
        }
    }
}
