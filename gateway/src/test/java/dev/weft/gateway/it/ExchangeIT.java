package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.ModuleRegistry;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.modules.PythonEngine;
import dev.weft.gateway.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collaborative subtask on the real channel (S1.10): three organisations' engines, each
 * with an exchange port whose address its admin published on chain, compute the joint total
 * of their private sales (examples/tasks/private-sum.json) by exchanging additive shares.
 */
@ExtendWith(RealNetwork.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Map<String, OrgServices> services = new LinkedHashMap<>();
    static ChainClient admin;
    static PythonEngine python;
    static ScheduledExecutorService timer;
    static Process sidecar;

    @BeforeAll
    static void start() {
        for (String org : List.of("org1", "org2", "org3")) {
            services.put(org, new OrgServices(org, dir.resolve(org), SchedulerConfig.DEFAULT_ANTI_ENTROPY, true, true));
        }
        admin = RealNetwork.client("org1", "Admin");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (admin != null) {
            admin.close();
        }
        OrgServices.closeAll(services);
        if (sidecar != null) {
            sidecar.destroy();
            sidecar.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (python != null) {
            python.kill();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Test
    @Order(1)
    @DisplayName("S1.10 three engines exchange shares through their exchange ports: every participant submits 4125 "
            + "with a manifest the chain pairs, and no organisation's own total is in the task's record")
    void privateSumOnTheChannel() throws Exception {
        String taskId = runPrivateSum();
        for (OrgServices s : services.values()) {
            assertThat(s.runs(taskId, "total", 1)).as(s.org + " ran its part once").isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    @DisplayName("S1.10 a heterogeneous engine takes part through its conversion module: Org1's figure is in a Python "
            + "HTTP service of its own, driven in steps by module http inside Org1's standard engine; with the standard "
            + "engines of Org2 and Org3 it reaches 4125, each manifest pairs, and no own total is in the task's record")
    void heterogeneousEngineOnTheChannel() throws Exception {
        python = org1SalesEngine();
        List<ComputeUnit> units = ModuleRegistry.discover().units(EngineFile.parse(stepsEntry(), dir), timer(), null);
        services.remove("org1").close();
        // Org1's engine, with the Python service in place of the built-in private sum; its new
        // exchange address goes on chain
        services.put("org1", new OrgServices("org1", dir.resolve("org1-steps"), ExchangeHub.Options.STANDARD, units));

        String taskId = runPrivateSum();
        assertThat(steps(taskId)).as("Org1's part ran in the Python engine, one call a step").containsExactly(1, 2, 3);
    }

    @Test
    @Order(3)
    @DisplayName("S1.10 direct path to a heterogeneous engine's sidecar in its own process: weft engine adapt "
            + "--exchange-port beside Org1's Python engine, reached by module remote; Org2's and Org3's engines "
            + "deliver to the sidecar directly (Org1's standard engine hands nothing on), 4125, paired manifests")
    void sidecarInItsOwnProcess() throws Exception {
        if (python == null) {
            python = org1SalesEngine();
        }
        Path config = dir.resolve("sidecar.yaml");
        Files.writeString(config, stepsEntry());
        Path home = Files.createDirectories(dir.resolve("sidecar-home"));
        ProcessBuilder adapt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", RealNetwork.repo().resolve("gateway/target/weft-gateway.jar").toString(), "engine", "adapt",
                "--config", config.toString(), "--profile", RealNetwork.profilePath("org1").toString(),
                "--name", "org1-sidecar", "--port", "0", "--exchange-port", "0", "--exchange-trust", "channel")
                .redirectErrorStream(true);
        adapt.environment().put("WEFT_HOME", home.toString());
        sidecar = adapt.start();
        StringBuffer out = new StringBuffer();
        Thread drain = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(sidecar.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.append(line).append('\n');
                }
            } catch (java.io.IOException ended) {
                // the process ended
            }
        }, "sidecar-out");
        drain.setDaemon(true);
        drain.start();
        java.util.regex.Matcher exchangePort = awaitLine(out, "exchange port (\\d+),");
        java.util.regex.Matcher enginePort = awaitLine(out, "engine org1-sidecar listening on port (\\d+)");

        var tls = RealNetwork.profile("org1").gatewayTls();
        List<ComputeUnit> units = ModuleRegistry.discover().units(EngineFile.parse("""
                engines:
                  - name: org1-sidecar
                    module: remote
                    operations: [exchange.private-sum]
                    timeout: 120s
                    remote:
                      endpoint: "127.0.0.1:%s"
                      tls: {cert: "%s", key: "%s", ca: "%s"}
                      exchange: {address: "127.0.0.1:%s", direct: true}
                """.formatted(enginePort.group(1), tls.certificate(), tls.privateKey(), tls.trustedCa(),
                exchangePort.group(1)), dir), timer(), null);
        services.remove("org1").close();
        services.put("org1", new OrgServices("org1", dir.resolve("org1-remote"), ExchangeHub.Options.STANDARD, units));

        String taskId = runPrivateSum();
        assertThat(steps(taskId)).as("three steps in the Python engine").containsExactly(1, 2, 3);
        assertThat(services.get("org1").hub().relayed()).as("Org1's standard engine handed nothing on").isZero();
        assertThat(out.toString()).contains(taskId);
    }

    /** The steps the Python engine was called for, for the task's attempt 1 (other tasks of the channel left out). */
    private static List<Integer> steps(String taskId) throws Exception {
        List<Integer> out = new java.util.ArrayList<>();
        for (JsonNode call : python.stats().path("steps")) {
            if (call.get(0).asText().equals(taskId + "/total#1")) {
                out.add(call.get(1).asInt());
            }
        }
        return out;
    }

    private static java.util.regex.Matcher awaitLine(StringBuffer out, String pattern) throws InterruptedException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = p.matcher(out);
            if (m.find()) {
                return m;
            }
            assertThat(sidecar.isAlive()).as("weft engine adapt ended: " + out).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("weft engine adapt never printed " + pattern + ": " + out);
    }

    /** Org1's own engine: a Python HTTP service with Org1's sales (875 in all) in a CSV file of its own. */
    private static PythonEngine org1SalesEngine() throws Exception {
        Path sales = dir.resolve("org1-sales.csv");
        Files.writeString(sales, "id,amount\n1,100025.00\n2,-99750.00\n3,600.00\n");
        Path secret = dir.resolve("org1-engine-secret");
        Files.writeString(secret, "a secret of Org1's own engine, never on chain");
        return PythonEngine.run("private_sum_engine.py", "--sales", sales.toString(), "--secret-file",
                secret.toString());
    }

    /** An engine configuration with that service behind module http in mode steps. */
    private static String stepsEntry() {
        return """
                engines:
                  - name: org1-sales
                    module: http
                    operations: [exchange.private-sum]
                    timeout: 120s
                    http: {url: "%s", mode: steps, stepWait: 100s}
                """.formatted(python.url("/steps"));
    }

    private static ScheduledExecutorService timer() {
        if (timer == null) {
            timer = EngineTimer.create("it-org1-units");
        }
        return timer;
    }

    /** Defines a fresh copy of examples/tasks/private-sum.json, runs one task of it and checks what is on chain. */
    private static String runPrivateSum() throws Exception {
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
        return taskId;
    }
}
