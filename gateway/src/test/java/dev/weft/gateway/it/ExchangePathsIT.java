package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.engine.Digests;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeLinks;
import dev.weft.gateway.engine.exchange.ExchangePort;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.gateway.engine.exchange.ExchangeTrust;
import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * The exchange's paths on the real channel (S1.10): three organisations' standard engines with
 * exchange ports published on chain, configured per link the way {@code weft engine serve
 * --exchange-links … --exchange-formats …} configures them —
 * Org1 {@code Org2MSP=relayed,*=auto}, Org2 {@code Org3MSP=relayed,*=auto} reading CSV, Org3
 * {@code auto}. One task of three collaborative subtasks ({@link RowsExchangeUnit}) takes the
 * three kinds of link: {@code direct} (Org1 → Org3, auto, 40,000 rows: over 1 MiB, so by
 * digest), {@code relayed} (Org2 → Org3, configured relayed) and {@code converted} (Org1 →
 * Org2, relayed, JSON rows sent, CSV read).
 */
@ExtendWith(RealNetwork.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangePathsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int LARGE_ROWS = 40_000;
    static final int ROWS = 300;
    /** Lines of the large result of {@code big}: 448,890 bytes, far over the inline limit. */
    static final int RESULT_LINES = 10_000;

    @TempDir
    static Path dir;
    static Map<String, OrgServices> services = new LinkedHashMap<>();
    static ChainClient admin;
    static ExchangeTrust trust;
    static String definition;
    static String taskId;
    static JsonNode task;

    @BeforeAll
    static void start() throws Exception {
        services.put("org1", services("org1", "Org2MSP=relayed,*=auto", List.of()));
        services.put("org2", services("org2", "Org3MSP=relayed,*=auto", List.of("csv")));
        services.put("org3", services("org3", "*=auto", List.of()));
        admin = RealNetwork.client("org1", "Admin");
        Map<String, Path> cas = new TreeMap<>();
        for (String o : List.of("org1", "org2", "org3")) {
            cas.put(RealNetwork.profile(o).mspId(), RealNetwork.profile(o).gatewayTls().trustedCa());
        }
        trust = ExchangeTrust.of(cas);
        definition = "s110-paths-" + System.nanoTime();
        Consent.defineActive(admin, JSON.writeValueAsString(Map.of("id", definition, "subtasks", List.of(
                subtask("direct", "Org1MSP", "Org3MSP", LARGE_ROWS),
                subtask("relayed", "Org2MSP", "Org3MSP", ROWS),
                subtask("converted", "Org1MSP", "Org2MSP", ROWS)))));
        taskId = create();
        task = TaskExecutionIT.awaitEndWith(admin, taskId, Duration.ofMinutes(3));
    }

    private static OrgServices services(String org, String links, List<String> formats) {
        return new OrgServices(org, dir.resolve(org), new ExchangeHub.Options(true, ExchangeLinks.parse(links),
                formats, ExchangeHub.CHUNK), List.of(new RowsExchangeUnit(), new LargeResultUnit()));
    }

    private static Map<String, Object> subtask(String name, String sender, String receiver, int rows) {
        return Map.of("name", name, "operation", RowsExchangeUnit.OPERATION, "collaborative", true,
                "participants", List.of(sender, receiver), "timeoutSeconds", 1200,
                "parameters", Map.of("sender", sender, "rows", Integer.toString(rows), "timeout-s", "600"));
    }

    private static String create() throws Exception {
        return create(definition);
    }

    /** A task of {@code definitionId}, created by Org2's User1; its ID. */
    private static String create(String definitionId) throws Exception {
        try (ChainClient creator = RealNetwork.client("org2", "User1")) {
            return JSON.readTree(creator.submit("task:CreateTask", definitionId, "").result()).path("taskId")
                    .asText();
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        OrgServices.closeAll(services);
    }

    static ExchangeSession session(String org, String id, String subtask) {
        return services.get(org).hub().find(new ExchangeHub.Key(id, subtask, 1))
                .orElseThrow(() -> new AssertionError(org + " has no exchange session of " + id + "/" + subtask));
    }

    /**
     * The subtask completed with both participants' results equal to the summary of a table of
     * {@code rows} rows, the sender's manifest listing one item SENT and the receiver's the same
     * item RECEIVED (digest of the JSON rows as sent, and their size); returns that digest.
     */
    static String agreedAndPaired(JsonNode task, String name, String sender, String receiver, int rows) {
        JsonNode s = TaskExecutionIT.subtask(task, name);
        assertThat(s.path("results")).as(s.toString()).hasSize(2);
        byte[] table = RowsExchangeUnit.table(sender, rows);
        String digest = Digests.sha256Hex(table);
        for (JsonNode r : s.path("results")) {
            assertThat(r.path("value").asText()).isEqualTo(RowsExchangeUnit.summary(rows));
            String msp = r.path("mspId").asText();
            JsonNode manifest = r.path("manifest");
            assertThat(manifest).as(msp + "'s manifest").hasSize(1);
            JsonNode m = manifest.get(0);
            assertThat(m.path("direction").asText()).isEqualTo(msp.equals(sender) ? "SENT" : "RECEIVED");
            assertThat(m.path("peer").asText()).isEqualTo(msp.equals(sender) ? receiver : sender);
            assertThat(m.path("name").asText()).isEqualTo("rows");
            assertThat(m.path("digest").asText()).isEqualTo(digest);
            assertThat(m.path("size").asLong()).isEqualTo(table.length);
        }
        return digest;
    }

    static ManagedChannel client(String org, String address) {
        return NettyChannelBuilder.forTarget(address,
                ExchangePort.clientCredentials(RealNetwork.profile(org).gatewayTls(), trust)).build();
    }

    static Item.Builder item(String subtask, String from, String to, String name, byte[] payload) {
        return Item.newBuilder().setTaskId(taskId).setSubtaskId(subtask).setAttempt(1).setFromMspId(from)
                .setToMspId(to).setName(name).setFormat("bytes").setSize(payload.length)
                .setPayload(ByteString.copyFrom(payload)).setDigest(Digests.sha256Hex(payload));
    }

    static Status.Code code(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        return Status.Code.OK;
    }

    @Test
    @Order(1)
    @DisplayName("S1.10 direct path between two organisations' engines: Org1's engine negotiates with Org3's published "
            + "exchange address and delivers 40,000 JSON rows (over 1 MiB, by digest) straight to it; the session "
            + "records the link as direct and the paired manifests on chain carry the rows' digest")
    void direct() {
        assertThat(task.path("task").path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        String digest = agreedAndPaired(task, "direct", "Org1MSP", "Org3MSP", LARGE_ROWS);
        assertThat(RowsExchangeUnit.table("Org1MSP", LARGE_ROWS).length).isGreaterThan(ExchangeHub.CHUNK);
        assertThat(session("org1", taskId, "direct").paths().get("Org3MSP")).startsWith("direct (negotiated with "
                + services.get("org3").exchangeAddress());
        assertThat(session("org3", taskId, "direct").formatOf("Org1MSP", "rows")).isEqualTo("json-rows");
        assertThat(session("org3", taskId, "direct").manifest().get(0).getDigest()).isEqualTo(digest);
    }

    @Test
    @Order(2)
    @DisplayName("S1.10 relayed path with the direct link refused by configuration (Org2's --exchange-links "
            + "Org3MSP=relayed): Org2's session records the link as relayed (configured), Org3 reads the rows "
            + "unchanged and both submit the same summary")
    void relayed() {
        assertThat(task.path("task").path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        agreedAndPaired(task, "relayed", "Org2MSP", "Org3MSP", ROWS);
        assertThat(session("org2", taskId, "relayed").paths()).containsEntry("Org3MSP", "relayed (configured)");
        assertThat(session("org3", taskId, "relayed").formatOf("Org2MSP", "rows")).isEqualTo("json-rows");
    }

    @Test
    @Order(3)
    @DisplayName("S1.10 format conversion on relay: Org1 sends JSON rows over a relayed link to Org2, whose engine "
            + "reads CSV; Org2's standard engine converts them, its unit reads CSV with the same rows, and both "
            + "manifests list the bytes as sent")
    void converted() {
        assertThat(task.path("task").path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        String digest = agreedAndPaired(task, "converted", "Org1MSP", "Org2MSP", ROWS);
        assertThat(session("org1", taskId, "converted").paths()).containsEntry("Org2MSP", "relayed (configured)");
        ExchangeSession received = session("org2", taskId, "converted");
        assertThat(received.formatOf("Org1MSP", "rows")).isEqualTo("csv");
        assertThat(received.manifest().get(0).getDigest()).isEqualTo(digest);
    }

    @Test
    @Order(4)
    @DisplayName("S1.10 a tampered payload is refused by digest: a client with Org1's TLS identity delivers an item "
            + "of the direct subtask to Org3's exchange port with bytes that do not match their digest and gets "
            + "INVALID_ARGUMENT; nothing is taken, and the same item with its true digest is")
    void tampered() {
        ExchangeSession org3 = session("org3", taskId, "direct");
        int before = org3.manifest().size();
        ManagedChannel channel = client("org1", services.get("org3").exchangeAddress());
        try {
            var stub = ExchangeGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            byte[] original = "the bytes Org1 meant".getBytes(StandardCharsets.UTF_8);
            Item tampered = item("direct", "Org1MSP", "Org3MSP", "extra", original)
                    .setPayload(ByteString.copyFromUtf8("the bytes somebody changed")).build();
            assertThat(code(() -> stub.deliver(tampered))).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(org3.formatOf("Org1MSP", "extra")).isNull();
            assertThat(org3.manifest()).hasSize(before);

            assertThat(code(() -> stub.deliver(item("direct", "Org1MSP", "Org3MSP", "extra", original).build())))
                    .isEqualTo(Status.Code.OK);
            assertThat(org3.formatOf("Org1MSP", "extra")).isEqualTo("bytes");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @Order(5)
    @DisplayName("S1.10 a non-participant organisation cannot send or fetch: Org2, a member but no participant of "
            + "the direct subtask, gets PERMISSION_DENIED delivering to Org3, negotiating with it and fetching the "
            + "large item from Org1, which Org3 fetches unchanged with its own identity")
    void nonParticipant() throws Exception {
        byte[] payload = "from a non-participant".getBytes(StandardCharsets.UTF_8);
        ManagedChannel toOrg3 = client("org2", services.get("org3").exchangeAddress());
        ManagedChannel toOrg1 = client("org2", services.get("org1").exchangeAddress());
        ManagedChannel receiver = client("org3", services.get("org1").exchangeAddress());
        try {
            var org3 = ExchangeGrpc.newBlockingStub(toOrg3).withDeadlineAfter(30, TimeUnit.SECONDS);
            assertThat(code(() -> org3.deliver(item("direct", "Org2MSP", "Org3MSP", "rows", payload).build())))
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(code(() -> org3.negotiate(ItemAddress.newBuilder().setTaskId(taskId).setSubtaskId("direct")
                    .setAttempt(1).setFromMspId("Org2MSP").setToMspId("Org3MSP").build())))
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(session("org3", taskId, "direct").formatOf("Org2MSP", "rows")).isNull();

            byte[] rows = RowsExchangeUnit.table("Org1MSP", LARGE_ROWS);
            ItemAddress large = ItemAddress.newBuilder().setTaskId(taskId).setSubtaskId("direct").setAttempt(1)
                    .setFromMspId("Org1MSP").setToMspId("Org3MSP").setName("rows").setDigest(Digests.sha256Hex(rows))
                    .build();
            assertThat(code(() -> fetch(toOrg1, large))).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(fetch(receiver, large)).isEqualTo(rows);
        } finally {
            toOrg3.shutdownNow();
            toOrg1.shutdownNow();
            receiver.shutdownNow();
        }
    }

    static byte[] fetch(ManagedChannel channel, ItemAddress address) {
        Iterator<Chunk> chunks = ExchangeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .fetch(address);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (chunks.hasNext()) {
            byte[] part = chunks.next().getData().toByteArray();
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    @Test
    @Order(6)
    @DisplayName("S1.10 a large result consumed by a dependent subtask: Org1's 449 kB result goes on chain by digest "
            + "only, Org2's engine (a participant of the subtask that depends on it) fetches it from Org1's exchange "
            + "port and hashes exactly those bytes; Org3, a member but no reader, is refused the same fetch")
    void largeResultByDigest() throws Exception {
        String id = defineBigThenUse("s110-large-");
        byte[] value = LargeResultUnit.value(RESULT_LINES);
        String large = create(id);
        JsonNode done = TaskExecutionIT.awaitEndWith(admin, large, Duration.ofMinutes(3));
        assertThat(done.path("task").path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        JsonNode big = TaskExecutionIT.subtask(done, "big").path("results").get(0);
        assertThat(value.length).isGreaterThan(16 * 1024);
        assertThat(big.path("digest").asText()).isEqualTo(Digests.sha256Hex(value));
        assertThat(big.path("value").isNull() || big.path("value").asText().isEmpty()).as(big.toString()).isTrue();
        JsonNode use = JSON.readTree(TaskExecutionIT.subtask(done, "use").path("results").get(0).path("value")
                .asText());
        assertThat(use.path("digest").asText()).isEqualTo(Digests.sha256Hex(value));
        assertThat(use.path("length").asInt()).isEqualTo(value.length);
        assertThat(services.get("org2").runs(large, "use", 1)).isEqualTo(1);

        ItemAddress asReader = ItemAddress.newBuilder().setTaskId(large).setSubtaskId("big").setAttempt(1)
                .setFromMspId("Org1MSP").setToMspId("Org2MSP").setName("result").setDigest(Digests.sha256Hex(value))
                .build();
        ManagedChannel org3 = client("org3", services.get("org1").exchangeAddress());
        ManagedChannel org2 = client("org2", services.get("org1").exchangeAddress());
        try {
            assertThat(code(() -> fetch(org3, asReader))).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(code(() -> fetch(org3, asReader.toBuilder().setToMspId("Org3MSP").build())))
                    .isEqualTo(Status.Code.NOT_FOUND);
            assertThat(fetch(org2, asReader)).isEqualTo(value);
        } finally {
            org3.shutdownNow();
            org2.shutdownNow();
        }
    }

    @Test
    @Order(7)
    @DisplayName("S1.10 a large result outlives its producing engine's restart: Org2's engine is down while Org1's "
            + "produces the result; Org1's engine then restarts (nothing of it left in memory) and, from the results "
            + "it kept in its folder, serves the result to Org2's engine when that comes back; the task completes")
    void largeResultAfterProducerRestart() throws Exception {
        String id = defineBigThenUse("s110-large-restart-");
        byte[] value = LargeResultUnit.value(RESULT_LINES);
        OrgServices org1 = services.get("org1");
        OrgServices org2 = services.get("org2");
        org2.stopEngine();
        String large;
        try {
            large = create(id);
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!"COMPLETED".equals(TaskExecutionIT.subtask(task(large), "big").path("state").path("status").asText())) {
                assertThat(System.nanoTime()).as("big completed within 2 min").isLessThan(until);
                Thread.sleep(200);
            }
            org1.stopEngine();
            org1.startEngine();
        } finally {
            org2.startEngine();
        }
        JsonNode done = TaskExecutionIT.awaitEndWith(admin, large, Duration.ofMinutes(3));
        assertThat(done.path("task").path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        JsonNode use = JSON.readTree(TaskExecutionIT.subtask(done, "use").path("results").get(0).path("value")
                .asText());
        assertThat(use.path("digest").asText()).isEqualTo(Digests.sha256Hex(value));
        assertThat(use.path("length").asInt()).isEqualTo(value.length);
        assertThat(org1.runs(large, "big", 1)).as("the restarted engine did not run big again").isZero();
    }

    /** Defines a new ID under {@code prefix}: Org1's {@code big} (by digest) and Org2's {@code use} of it. */
    private static String defineBigThenUse(String prefix) throws Exception {
        String id = prefix + System.nanoTime();
        Consent.defineActive(admin, JSON.writeValueAsString(Map.of("id", id, "subtasks", List.of(
                Map.of("name", "big", "operation", LargeResultUnit.OPERATION, "participants", List.of("Org1MSP"),
                        "parameters", Map.of("lines", Integer.toString(RESULT_LINES))),
                Map.of("name", "use", "operation", "sha256", "participants", List.of("Org2MSP"),
                        "dependsOn", List.of("big"))))));
        return id;
    }

    private static JsonNode task(String id) throws Exception {
        return JSON.readTree(admin.evaluate("task:GetTask", id));
    }

    @Test
    @Order(8)
    @DisplayName("S1.10 a receiver down for 30 s, then back: Org3's engine and exchange port stop before a task is "
            + "created, Org1 and Org2 send to it regardless; when it is back on its ports every item arrives, "
            + "the task completes, each participant ran each part once and every manifest lists each item once")
    void receiverDownThenBack() throws Exception {
        OrgServices org3 = services.get("org3");
        org3.stopEngine();
        long down = System.nanoTime();
        String id = create();
        awaitUndelivered("org1", id, "direct");
        awaitUndelivered("org2", id, "relayed");
        long left = TimeUnit.SECONDS.toMillis(30) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
        Thread.sleep(Math.max(0, left));
        assertThat(session("org1", id, "direct").undelivered()).as("Org1's item still waiting").isEqualTo(1);
        org3.startEngine();

        JsonNode done = TaskExecutionIT.awaitEndWith(admin, id, Duration.ofMinutes(4));
        assertThat(done.path("task").path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        agreedAndPaired(done, "direct", "Org1MSP", "Org3MSP", LARGE_ROWS);
        agreedAndPaired(done, "relayed", "Org2MSP", "Org3MSP", ROWS);
        agreedAndPaired(done, "converted", "Org1MSP", "Org2MSP", ROWS);
        Map<String, List<String>> parts = Map.of("org1", List.of("direct", "converted"),
                "org2", List.of("relayed", "converted"), "org3", List.of("direct", "relayed"));
        parts.forEach((org, subtasks) -> subtasks.forEach(s -> assertThat(services.get(org).runs(id, s, 1))
                .as(org + " ran " + s + " once").isEqualTo(1)));
        assertThat(session("org1", id, "direct").undelivered()).isZero();
        assertThat(session("org2", id, "relayed").undelivered()).isZero();
    }

    /** Waits until {@code org}'s engine runs its part and holds an item its receiver has not taken. */
    private static void awaitUndelivered(String org, String id, String subtask) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        ExchangeHub hub = services.get(org).hub();
        ExchangeHub.Key key = new ExchangeHub.Key(id, subtask, 1);
        while (System.nanoTime() < deadline) {
            if (hub.find(key).map(s -> s.undelivered() > 0).orElse(false)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(org + " never held an undelivered item of " + key);
    }
}
