package dev.weft.gateway.engine;

import com.google.protobuf.ByteString;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.engine.config.ModuleRegistry;
import dev.weft.gateway.engine.exchange.ExchangeHub;
import dev.weft.gateway.engine.exchange.ExchangeLinks;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.gateway.engine.modules.PythonEngine;
import dev.weft.gateway.engine.exchange.ExchangePort;
import dev.weft.gateway.engine.exchange.ExchangeSetup;
import dev.weft.gateway.engine.exchange.ExchangeTrust;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.ManifestEntry;
import dev.weft.proto.engine.v1.SendMode;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/**
 * Three organisations' standard engines, each with its own TLS CA, database and exchange
 * port on loopback (real mutual-TLS sockets), run a collaborative private sum; a fourth
 * member organisation that is no participant, and a stranger, try to join in.
 */
@DisplayName("S1.10 data exchange between standard engines: the joint total of private figures")
class ExchangePrivateSumTest {
    static final List<String> PARTICIPANTS = List.of("Org1MSP", "Org2MSP", "Org3MSP");

    @TempDir Path dir;
    final Map<String, TestCertificates> certs = new LinkedHashMap<>();
    final Map<String, Org> orgs = new TreeMap<>();
    ExchangeTrust trust;
    final List<ManagedChannel> channels = new ArrayList<>();

    /** One organisation's engine: database, framework, exchange. */
    final class Org implements AutoCloseable {
        final String msp;
        final LocalDatabase database;
        /** The units hosted instead of the built-in private sum (an engine configuration's), or null. */
        final String engineYaml;
        ExchangeSetup exchange;
        EngineFramework framework;
        ScheduledExecutorService timer;

        Org(String msp, String demo) throws Exception {
            this(msp, demo, null);
        }

        Org(String msp, String demo, String engineYaml) throws Exception {
            this.msp = msp;
            this.engineYaml = engineYaml;
            database = LocalDatabase.open(LocalDatabase.Settings.embedded(dir.resolve("db-" + msp))
                    .withQueries(NamedQueries.of(Map.of("sales-amounts", "SELECT amount FROM sales"))));
            DemoData.seed(database, demo);
            start(0);
        }

        void start(int port) {
            exchange = ExchangeSetup.start(msp, "127.0.0.1", port, certs.get(msp).tls(), trust,
                    dir.resolve("secret-" + msp), EngineTimer.create("x-" + msp), Duration.ofMinutes(10))
                    .keepingReceivedIn(dir.resolve("received-" + msp));
            timer = EngineTimer.create("units-" + msp);
            List<ComputeUnit> units = engineYaml == null ? List.of(new PrivateSumUnit(database, exchange.secret()))
                    : ModuleRegistry.discover().units(EngineFile.parse(engineYaml, dir), timer, null);
            framework = EngineFramework.builder().name(msp).exchange(exchange.hub()).units(units).timer(timer)
                    .workers(4).build();
        }

        int port() {
            return exchange.port().port();
        }

        void stop() {
            framework.close();
            exchange.close();
            timer.shutdownNow();
        }

        @Override
        public void close() {
            stop();
            database.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP", "Org4MSP")) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
        }
        Map<String, Path> cas = new TreeMap<>();
        certs.forEach((msp, c) -> cas.put(msp, c.ca));
        trust = ExchangeTrust.of(cas);
        orgs.put("Org1MSP", new Org("Org1MSP", "org1"));
        orgs.put("Org2MSP", new Org("Org2MSP", "org2"));
        orgs.put("Org3MSP", new Org("Org3MSP", "org3"));
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        orgs.values().forEach(Org::close);
    }

    private Map<String, String> endpoints() {
        Map<String, String> out = new TreeMap<>();
        orgs.forEach((msp, o) -> out.put(msp, "127.0.0.1:" + o.port()));
        return out;
    }

    private ExecuteRequest request(String task, String msp, Map<String, String> endpoints) {
        return ExecuteRequest.newBuilder().setTaskId(task).setSubtaskId("total").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation(PrivateSumUnit.OPERATION)
                .putParameters("query", "sales-amounts").putParameters("timeout-s", "60").setExecutorMspId(msp)
                .setCollaborative(true).addAllParticipants(PARTICIPANTS).putAllExchangeEndpoints(endpoints).build();
    }

    private Map<String, CompletableFuture<ExecuteResponse>> runAll(String task) {
        Map<String, String> endpoints = endpoints();
        Map<String, CompletableFuture<ExecuteResponse>> out = new TreeMap<>();
        orgs.forEach((msp, o) -> out.put(msp, o.framework.execute(request(task, msp, endpoints))));
        return out;
    }

    private static ExecuteResponse done(CompletableFuture<ExecuteResponse> f) throws Exception {
        ExecuteResponse r = f.get(90, TimeUnit.SECONDS);
        assertThat(r.getState()).as(r.getError()).isEqualTo(ExecutionState.SUCCEEDED);
        return r;
    }

    /** A client of {@code msp}'s exchange port presenting {@code as}'s certificate. */
    private ExchangeGrpc.ExchangeBlockingStub client(String msp, TlsMaterial as) {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + orgs.get(msp).port(),
                ExchangePort.clientCredentials(as, trust)).build();
        channels.add(channel);
        return ExchangeGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private static Item item(String task, String from, String to, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return Item.newBuilder().setTaskId(task).setSubtaskId("total").setAttempt(1).setFromMspId(from)
                .setToMspId(to).setName("share").setDigest(Digests.sha256Hex(bytes)).setPayload(ByteString.copyFrom(bytes))
                .setFormat("bytes").build();
    }

    @Test
    @DisplayName("S1.10 three engines exchange shares and partial sums: all return 4125, and every item sent is listed as received")
    void jointTotal() throws Exception {
        Map<String, CompletableFuture<ExecuteResponse>> runs = runAll("t1");
        Set<String> digests = new HashSet<>();
        Map<String, List<ManifestEntry>> manifests = new TreeMap<>();
        for (var e : runs.entrySet()) {
            ExecuteResponse r = done(e.getValue());
            assertThat(r.getValue().toStringUtf8())
                    .isEqualTo("{\"operation\":\"exchange.private-sum\",\"participants\":3,\"total\":4125}");
            digests.add(r.getDigest());
            manifests.put(e.getKey(), r.getManifestList());
        }
        assertThat(digests).hasSize(1);
        for (var e : manifests.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).hasSize(8); // share and partial, to and from each of two others
            for (ManifestEntry m : e.getValue()) {
                String mirror = m.getDirection().equals("SENT") ? "RECEIVED" : "SENT";
                assertThat(manifests.get(m.getPeer())).anySatisfy(o -> {
                    assertThat(o.getDirection()).isEqualTo(mirror);
                    assertThat(o.getPeer()).isEqualTo(e.getKey());
                    assertThat(o.getName()).isEqualTo(m.getName());
                    assertThat(o.getDigest()).isEqualTo(m.getDigest());
                    assertThat(o.getSize()).isEqualTo(m.getSize());
                });
            }
        }
        // no organisation's own total (in the unit's scaled form or plain) is what it sent anyone
        Set<String> own = Set.of("87500", "137500", "187500", "875", "1375", "1875");
        for (List<ManifestEntry> m : manifests.values()) {
            for (ManifestEntry entry : m) {
                for (String figure : own) {
                    assertThat(entry.getDigest()).isNotEqualTo(Digests.sha256Hex(figure.getBytes(StandardCharsets.US_ASCII)));
                }
            }
        }
    }

    @Test
    @DisplayName("S1.10 an engine restarted after it took every item reruns the attempt from what it kept: the "
            + "other organisations send nothing again, the same total")
    void rerunAfterRestartUsesKeptItems() throws Exception {
        Map<String, CompletableFuture<ExecuteResponse>> first = runAll("t2");
        for (var f : first.values()) {
            done(f);
        }
        Org org2 = orgs.get("Org2MSP");
        int port = org2.port();
        org2.stop();
        org2.start(port); // same folder and secret, fresh engine: nothing of the first run in memory
        ExecuteRequest again = request("t2", "Org2MSP", endpoints()).toBuilder().setSendMode(SendMode.RESEND).build();
        ExecuteResponse r = done(org2.framework.execute(again));
        assertThat(r.getValue().toStringUtf8()).contains("\"total\":4125");
        assertThat(r.getManifestList()).extracting(ManifestEntry::getDirection).contains("RECEIVED");
        assertThat(r.getManifestList()).isEqualTo(first.get("Org2MSP").get().getManifestList());
    }

    @Test
    @DisplayName("S1.10 a receiver that is away when items are sent gets them once it is back, none twice")
    void receiverAwayThenBack() throws Exception {
        Org org3 = orgs.get("Org3MSP");
        Map<String, String> endpoints = endpoints();
        int port3 = org3.port();
        org3.stop();
        CompletableFuture<ExecuteResponse> r1 = orgs.get("Org1MSP").framework.execute(request("t3", "Org1MSP", endpoints));
        CompletableFuture<ExecuteResponse> r2 = orgs.get("Org2MSP").framework.execute(request("t3", "Org2MSP", endpoints));
        Thread.sleep(3_000);
        assertThat(r1).isNotDone();
        org3.start(port3);
        CompletableFuture<ExecuteResponse> r3 = org3.framework.execute(request("t3", "Org3MSP", endpoints));
        for (var f : List.of(r1, r2, r3)) {
            ExecuteResponse r = done(f);
            assertThat(r.getValue().toStringUtf8()).contains("\"total\":4125");
            assertThat(r.getManifestList()).hasSize(8);
        }
    }

    @Test
    @DisplayName("S1.10 a tampered payload, a sender posing as another organisation, a non-participant and a stranger are refused")
    void refusals() throws Exception {
        Map<String, String> endpoints = endpoints();
        CompletableFuture<ExecuteResponse> running = orgs.get("Org1MSP").framework.execute(request("t4", "Org1MSP", endpoints));
        ExchangeGrpc.ExchangeBlockingStub asOrg2 = client("Org1MSP", certs.get("Org2MSP").tls());

        Item tampered = item("t4", "Org2MSP", "Org1MSP", "12345").toBuilder()
                .setPayload(ByteString.copyFromUtf8("99999")).build();
        assertThatThrownBy(() -> asOrg2.deliver(tampered)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> asOrg2.deliver(item("t4", "Org3MSP", "Org1MSP", "1")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        ExchangeGrpc.ExchangeBlockingStub asOrg4 = client("Org1MSP", certs.get("Org4MSP").tls());
        assertThatThrownBy(() -> asOrg4.deliver(item("t4", "Org4MSP", "Org1MSP", "1")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> asOrg2.deliver(item("no-such-task", "Org2MSP", "Org1MSP", "1")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));

        TestCertificates stranger = TestCertificates.issue(dir.resolve("stranger"), "EvilMSP");
        ManagedChannel evil = Grpc.newChannelBuilder("127.0.0.1:" + orgs.get("Org1MSP").port(),
                ExchangePort.clientCredentials(stranger.tls(), trust)).build();
        channels.add(evil);
        assertThatThrownBy(() -> ExchangeGrpc.newBlockingStub(evil).withDeadlineAfter(10, TimeUnit.SECONDS)
                .deliver(item("t4", "Org2MSP", "Org1MSP", "1")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

        // a well-formed item from a participant is taken once; the same again is a duplicate, other bytes refused
        assertThat(asOrg2.deliver(item("t4", "Org2MSP", "Org1MSP", "12345")).getDuplicate()).isFalse();
        assertThat(asOrg2.deliver(item("t4", "Org2MSP", "Org1MSP", "12345")).getDuplicate()).isTrue();
        assertThatThrownBy(() -> asOrg2.deliver(item("t4", "Org2MSP", "Org1MSP", "54321")))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        ExchangeHub.Key key = new ExchangeHub.Key("t4", "total", 1);
        assertThat(orgs.get("Org1MSP").exchange.hub().find(key).orElseThrow().manifest())
                .filteredOn(m -> m.getDirection().equals("RECEIVED")).hasSize(1);
        running.cancel(true);
    }

    /**
     * Org1's figure lives in an engine of its own, a Python HTTP service (resources
     * engines/private_sum_engine.py) with its sales in a CSV file, behind module {@code http} in
     * mode {@code steps}; Org2 and Org3 run the built-in unit.
     */
    private PythonEngine heterogeneousOrg1(String mode) throws Exception {
        PythonEngine engine = org1SalesEngine();
        replaceOrg1(stepsEntry(engine, mode));
        return engine;
    }

    /** Org1's own engine: a Python HTTP service with its sales (875 in all) in a CSV file of its own. */
    private PythonEngine org1SalesEngine() throws Exception {
        Path sales = dir.resolve("org1-sales.csv");
        Files.writeString(sales, "id,amount\n1,100025.00\n2,-99750.00\n3,600.00\n");
        Path secret = dir.resolve("org1-engine-secret");
        Files.write(secret, Digests.sha256Hex("org1 engine".getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
        return PythonEngine.run("private_sum_engine.py", "--sales", sales.toString(), "--secret-file", secret.toString());
    }

    private static String stepsEntry(PythonEngine engine, String mode) {
        return """
                engines:
                  - name: org1-sales
                    module: http
                    operations: [exchange.private-sum]
                    timeout: 60s
                    http: {url: "%s", mode: %s, stepWait: 30s, maxSteps: 8}
                """.formatted(engine.url("/steps"), mode);
    }

    private void replaceOrg1(String engineYaml) throws Exception {
        orgs.remove("Org1MSP").close();
        orgs.put("Org1MSP", new Org("Org1MSP", "org1", engineYaml));
    }

    @Test
    @DisplayName("S1.10 a heterogeneous engine takes part through its conversion module: Org1's Python HTTP service, "
            + "driven in steps by module http, exchanges shares and partial sums with two standard engines; all "
            + "return 4125 and the manifests pair")
    void heterogeneousEngineThroughModuleHttp() throws Exception {
        try (PythonEngine engine = heterogeneousOrg1("steps")) {
            Map<String, CompletableFuture<ExecuteResponse>> runs = runAll("t5");
            Map<String, List<ManifestEntry>> manifests = new TreeMap<>();
            Set<String> digests = new HashSet<>();
            for (var e : runs.entrySet()) {
                ExecuteResponse r = done(e.getValue());
                assertThat(r.getValue().toStringUtf8()).as(e.getKey())
                        .isEqualTo("{\"operation\":\"exchange.private-sum\",\"participants\":3,\"total\":4125}");
                digests.add(r.getDigest());
                manifests.put(e.getKey(), r.getManifestList());
            }
            assertThat(digests).hasSize(1);
            assertThat(manifests.get("Org1MSP")).hasSize(8);
            for (ManifestEntry m : manifests.get("Org1MSP")) {
                String mirror = m.getDirection().equals("SENT") ? "RECEIVED" : "SENT";
                assertThat(manifests.get(m.getPeer())).anySatisfy(o -> {
                    assertThat(o.getDirection()).isEqualTo(mirror);
                    assertThat(o.getName()).isEqualTo(m.getName());
                    assertThat(o.getDigest()).isEqualTo(m.getDigest());
                });
            }
            // the module called the engine once a step: shares, then partial sums, then the total
            assertThat(engine.stats().path("steps").toString()).isEqualTo("[[\"t5/total#1\",1],[\"t5/total#1\",2],"
                    + "[\"t5/total#1\",3]]");
        }
    }

    @Test
    @DisplayName("S1.10 an engine in mode steps that sends other bytes under a name it used is a unit fault "
            + "(ENGINE_PROTOCOL); a plain http engine asked for a collaborative part, or a steps engine for a plain "
            + "one, is refused (NOT_COLLABORATIVE)")
    void stepsProtocolRefusals() throws Exception {
        try (PythonEngine engine = heterogeneousOrg1("steps")) {
            engine.control("{\"flip\": true}");
            ExecuteResponse r = runAll("t6").get("Org1MSP").get(60, TimeUnit.SECONDS);
            assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getUnitFault()).isTrue();
            assertThat(r.getError()).contains("ENGINE_PROTOCOL: ").contains("other bytes under share");

            ExecuteRequest plain = request("t7", "Org1MSP", endpoints()).toBuilder().setCollaborative(false)
                    .clearParticipants().clearExchangeEndpoints().build();
            ExecuteResponse alone = orgs.get("Org1MSP").framework.execute(plain).get(30, TimeUnit.SECONDS);
            assertThat(alone.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(alone.getUnitFault()).isFalse();
            assertThat(alone.getError()).contains("NOT_COLLABORATIVE: ");
        }
        try (PythonEngine engine = heterogeneousOrg1("sync")) {
            ExecuteResponse r = orgs.get("Org1MSP").framework.execute(request("t8", "Org1MSP", endpoints()))
                    .get(30, TimeUnit.SECONDS);
            assertThat(r.getState()).isEqualTo(ExecutionState.FAILED);
            assertThat(r.getError()).contains("NOT_COLLABORATIVE: ");
            assertThat(engine.stats().path("steps")).isEmpty();
        }
    }

    /**
     * Org1's standard engine sends its part to a sidecar beside Org1's Python engine (module
     * {@code remote} with the sidecar's exchange port); the sidecar, with an exchange hub of its
     * own that is not a standard engine, drives the engine in steps. {@code direct}: whether the
     * other organisations may deliver to the sidecar straight (its links out are {@code auto}
     * either way, so it sends straight to their standard engines).
     */
    private void privateSumThroughSidecar(boolean direct) throws Exception {
        try (PythonEngine engine = org1SalesEngine()) {
            ExchangeSetup sidecarExchange = ExchangeSetup.start("Org1MSP", "127.0.0.1", 0,
                    certs.get("Org1MSP").identity("sidecar-x"), trust, dir.resolve("secret-sidecar"),
                    EngineTimer.create("x-sidecar"), Duration.ofMinutes(10),
                    new ExchangeHub.Options(false, ExchangeLinks.AUTO, List.of(), ExchangeHub.CHUNK));
            try (EngineServer sidecar = EngineHost.start(new EngineConfiguration("sidecar", "127.0.0.1", 0,
                    certs.get("Org1MSP").identity("sidecar"), LocalDatabase.Settings.embedded(dir.resolve("sidecar")),
                    Set.of(), null, 4), EngineFile.parse(stepsEntry(engine, "steps"), dir),
                    dev.weft.gateway.metrics.Metrics.none(), sidecarExchange)) {
                TlsMaterial id = certs.get("Org1MSP").identity("standard-to-sidecar");
                replaceOrg1("""
                        engines:
                          - name: org1-sidecar
                            module: remote
                            operations: [exchange.private-sum]
                            timeout: 60s
                            remote:
                              endpoint: "127.0.0.1:%d"
                              authority: localhost
                              tls: {cert: "%s", key: "%s", ca: "%s"}
                              exchange: {address: "127.0.0.1:%d", direct: %s}
                        """.formatted(sidecar.port(), id.certificate(), id.privateKey(), id.trustedCa(),
                        sidecarExchange.port().port(), direct));
                String task = "sidecar-" + direct;
                Map<String, List<ManifestEntry>> manifests = new TreeMap<>();
                for (var e : runAll(task).entrySet()) {
                    ExecuteResponse r = done(e.getValue());
                    assertThat(r.getValue().toStringUtf8()).as(e.getKey())
                            .isEqualTo("{\"operation\":\"exchange.private-sum\",\"participants\":3,\"total\":4125}");
                    manifests.put(e.getKey(), r.getManifestList());
                }
                // Org1's standard engine answers with the sidecar's manifest, which the others' pair
                assertThat(manifests.get("Org1MSP")).hasSize(8);
                for (ManifestEntry m : manifests.get("Org1MSP")) {
                    String mirror = m.getDirection().equals("SENT") ? "RECEIVED" : "SENT";
                    assertThat(manifests.get(m.getPeer())).anySatisfy(o -> {
                        assertThat(o.getDirection()).isEqualTo(mirror);
                        assertThat(o.getPeer()).isEqualTo("Org1MSP");
                        assertThat(o.getName()).isEqualTo(m.getName());
                        assertThat(o.getDigest()).isEqualTo(m.getDigest());
                    });
                }
                assertThat(engine.stats().path("steps")).hasSize(3);
                ExchangeHub.Key key = new ExchangeHub.Key(task, "total", 1);
                ExchangeSession inSidecar = sidecarExchange.hub().find(key).orElseThrow();
                assertThat(inSidecar.manifest()).isEqualTo(manifests.get("Org1MSP"));
                // the sidecar negotiated with the other standard engines and sent them its items straight
                assertThat(inSidecar.paths()).containsOnlyKeys("Org2MSP", "Org3MSP");
                assertThat(inSidecar.paths().values()).allSatisfy(p -> assertThat(p).startsWith("direct (negotiated"));
                // what came to Org1 passed through its standard engine only when the sidecar may not be reached
                long handedOn = orgs.get("Org1MSP").exchange.hub().relayed();
                if (direct) {
                    assertThat(handedOn).isZero();
                } else {
                    assertThat(handedOn).isEqualTo(4); // a share and a partial sum from each of two others
                }
            } finally {
                sidecarExchange.close();
            }
        }
    }

    @Test
    @DisplayName("S1.10 direct path to a heterogeneous engine's sidecar: Org1's Python engine behind a sidecar with "
            + "its own exchange port, reached directly by Org2's and Org3's engines; 4125 everywhere, the "
            + "sidecar's manifest is Org1's and pairs with theirs, Org1's standard engine hands nothing on")
    void sidecarReachedDirectly() throws Exception {
        privateSumThroughSidecar(true);
    }

    @Test
    @DisplayName("S1.10 relayed path to a heterogeneous engine's sidecar: the sidecar may not be reached directly, "
            + "so Org1's standard engine takes the four items for it and hands them on; 4125 everywhere")
    void sidecarBehindItsStandardEngine() throws Exception {
        privateSumThroughSidecar(false);
    }
}
