package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineConfiguration;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.engine.LocalDatabase;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.engine.modules.PythonEngine;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose subtasks run on heterogeneous engines through conversion
 * modules, end to end on the real channel: Org1's subtask on a Python HTTP
 * service that pushes its result back over mutual TLS, Org2's on a local
 * Python program that also reads Org1's result (prefetched into its request).
 */
@ExtendWith(RealNetwork.class)
class ConversionModuleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Map<String, OrgServices> services;
    static PythonEngine scoring;
    static EngineServer org1Hetero;
    static EngineServer org2Hetero;
    static ChainClient admin;

    @BeforeAll
    static void start() throws Exception {
        services = OrgServices.start(dir, "org1", "org2");
        admin = RealNetwork.client("org1", "Admin");
        TlsMaterial org1Tls = RealNetwork.profile("org1").gatewayTls();
        // the Python service presents Org1's gateway certificate when it calls back (mutual TLS)
        scoring = PythonEngine.start("--cert", org1Tls.certificate().toString(), "--key",
                org1Tls.privateKey().toString(), "--ca", org1Tls.trustedCa().toString(), "--delay-ms", "500");
        org1Hetero = hetero("org1", org1Tls, """
                callbacks: {bind: 127.0.0.1, port: 0}
                engines:
                  - name: python-scoring
                    module: http
                    operations: [score-push]
                    timeout: 60s
                    http: {url: "%1$s/jobs", mode: push, statusUrl: "%1$s/jobs/{job}", resultPointer: /result,
                           callbackWait: 20s}
                """.formatted(scoring.url("")));
        org2Hetero = hetero("org2", RealNetwork.profile("org2").gatewayTls(), """
                engines:
                  - name: python-program
                    module: process
                    operations: [score-program]
                    timeout: 60s
                    process: {command: [python3, "%s"]}
                """.formatted(PythonEngine.script("score_program.py")));
    }

    private static EngineServer hetero(String org, TlsMaterial tls, String yaml) {
        EngineServer server = EngineHost.start(new EngineConfiguration(RealNetwork.profile(org).mspId(), "127.0.0.1",
                0, tls, LocalDatabase.Settings.embedded(dir.resolve(org + "-hetero")), Set.of(), null, 2),
                EngineFile.parse(yaml, dir));
        services.get(org).engines.add("127.0.0.1:" + server.port(), EngineClient.builder()
                .endpoint("127.0.0.1:" + server.port()).tls(tls).deadline(Duration.ofMinutes(2)).build());
        return server;
    }

    @AfterAll
    static void stop() throws Exception {
        for (EngineServer s : new EngineServer[] {org1Hetero, org2Hetero}) {
            if (s != null) {
                s.stop();
            }
        }
        if (scoring != null) {
            scoring.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (services != null) {
            OrgServices.closeAll(services);
        }
    }

    @Test
    @DisplayName("S1.6 S1.7 S1.8 S1.9: a task's subtasks run on a Python HTTP engine (push) at Org1 and a local "
            + "Python program at Org2 through conversion modules; the results land on chain")
    void subtasksRunOnHeterogeneousEngines() throws Exception {
        String id = "hetero-" + System.nanoTime();
        Consent.defineActive(admin, JSON.writeValueAsString(Map.of("id", id, "subtasks", List.of(
                Map.of("name", "scored", "operation", "score-push", "participants", List.of("Org1MSP"),
                        "parameters", Map.of("values", "2,3", "weight", "10")),
                Map.of("name", "checked", "operation", "score-program", "participants", List.of("Org2MSP"),
                        "dependsOn", List.of("scored"), "parameters", Map.of("values", "1"))))));
        String taskId;
        try (ChainClient creator = RealNetwork.client("org2", "User1")) {
            taskId = JSON.readTree(creator.submit("task:CreateTask", id, "").result()).path("taskId").asText();
        }
        JsonNode task = TaskExecutionIT.awaitEndWith(admin, taskId, Duration.ofMinutes(3));

        assertThat(task.path("task").path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode scored = TaskExecutionIT.subtask(task, "scored").path("results").get(0);
        assertThat(scored.path("value").asText()).isEqualTo("{\"count\":2,\"engine\":\"python-scoring\",\"score\":50}");
        JsonNode checked = TaskExecutionIT.subtask(task, "checked").path("results").get(0);
        assertThat(checked.path("value").asText())
                .isEqualTo("{\"argv\":0,\"count\":2,\"engine\":\"python-program\",\"score\":51}");
        assertThat(scoring.callbackStatuses()).containsExactly("204");
        assertThat(org1Hetero.framework().runs(taskId, "scored", 1)).isEqualTo(1);
        assertThat(org2Hetero.framework().runs(taskId, "checked", 1)).isEqualTo(1);
    }
}
