package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.engine.Digests;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large results by digest (S1.10): three organisations' standard engines on loopback with real
 * mutual TLS; Org1's engine produced a result that only Org2 (a participant of a dependent
 * subtask) may read.
 */
class ResultsTest {
    static final ExchangeHub.Key KEY = new ExchangeHub.Key("t1", "big", 2);

    @TempDir Path dir;
    final List<AutoCloseable> open = new ArrayList<>();
    final Map<String, ExchangeHub> hubs = new TreeMap<>();
    final Map<String, String> addresses = new TreeMap<>();
    final byte[] value = new byte[3 * ExchangeHub.CHUNK + 5];

    final Map<String, TestCertificates> certs = new TreeMap<>();
    ExchangeTrust trust;

    @BeforeEach
    void start() throws Exception {
        Map<String, Path> cas = new TreeMap<>();
        for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
            cas.put(msp, certs.get(msp).ca);
        }
        trust = ExchangeTrust.of(cas);
        for (String msp : certs.keySet()) {
            startHub(msp, null, Clock.systemUTC());
        }
        new Random(7).nextBytes(value);
    }

    /** Starts {@code msp}'s hub and port (again), keeping large results in {@code shelf} when not null. */
    ExchangeHub startHub(String msp, Path shelf, Clock clock) {
        ExchangeHub hub = new ExchangeHub(msp, ExchangePort.clientCredentials(certs.get(msp).tls(), trust),
                EngineTimer.create("t-" + msp), Clock.systemUTC(), Duration.ofMinutes(5));
        ExchangePort port = ExchangePort.start("127.0.0.1", 0, certs.get(msp).tls(), trust, hub);
        open.add(port);
        open.add(hub);
        hubs.put(msp, hub);
        addresses.put(msp, "127.0.0.1:" + port.port());
        if (shelf != null) {
            Results.restore(hub, ResultShelf.open(shelf, clock));
        }
        return hub;
    }

    /** Stops {@code msp}'s port and hub, as a killed engine would. */
    void stopHub(String msp) throws Exception {
        for (AutoCloseable c : List.copyOf(open)) {
            if (c == hubs.get(msp) || (c instanceof ExchangePort p && addresses.get(msp).endsWith(":" + p.port()))) {
                c.close();
                open.remove(c);
            }
        }
    }

    /** The status with which Org1's hub refuses {@code asOrg} the result {@code key} of {@code digest}. */
    Status.Code refusal(String asOrg, ExchangeHub.Key key, String digest) {
        StatusRuntimeException e = Assertions.assertThrows(StatusRuntimeException.class,
                () -> Results.fetch(hubs.get(asOrg), addresses.get("Org1MSP"), key, "Org1MSP", digest));
        return e.getStatus().getCode();
    }

    /** Restarts Org1's hub keeping its large results in a folder; the folder. */
    Path org1OnShelf() throws Exception {
        Path shelf = dir.resolve("org1-results");
        stopHub("Org1MSP");
        startHub("Org1MSP", shelf, Clock.systemUTC());
        return shelf;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    @DisplayName("S1.10 a large result is fetched by digest by a reader (a participant of a dependent subtask), "
            + "unchanged and checked by SHA-256")
    void readerFetches() {
        Results.offer(hubs.get("Org1MSP"), KEY, Digests.sha256Hex(value), value, List.of("Org2MSP", "Org1MSP"));
        assertThat(Results.fetch(hubs.get("Org2MSP"), addresses.get("Org1MSP"), KEY, "Org1MSP",
                Digests.sha256Hex(value))).isEqualTo(value);
    }

    @Test
    @DisplayName("S1.10 a large result is served to its readers only: another member organisation gets NOT_FOUND "
            + "for its own address and PERMISSION_DENIED when it asks as the reader")
    void nonReaderRefused() {
        String digest = Digests.sha256Hex(value);
        Results.offer(hubs.get("Org1MSP"), KEY, digest, value, List.of("Org2MSP"));
        assertThat(refusal("Org3MSP", KEY, digest)).isEqualTo(Status.Code.NOT_FOUND);
        ItemAddress asReader = ItemAddress.newBuilder().setTaskId("t1").setSubtaskId("big").setAttempt(2)
                .setFromMspId("Org1MSP").setToMspId("Org2MSP").setName(Results.NAME).setDigest(digest).build();
        assertThatThrownBy(() -> ExchangeGrpc.newBlockingStub(hubs.get("Org3MSP").channel(addresses.get("Org1MSP")))
                .fetch(asReader).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    @DisplayName("S1.10 bytes that do not match the result's digest are refused on arrival (INVALID_ARGUMENT)")
    void wrongBytesRefused() {
        String claimed = Digests.sha256Hex(new byte[] {1, 2, 3});
        Results.offer(hubs.get("Org1MSP"), KEY, claimed, value, List.of("Org2MSP"));
        assertThat(refusal("Org2MSP", KEY, claimed)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    @DisplayName("S1.10 a large result outlives its producing engine's restart: kept in the engine's own folder "
            + "(owner-only files named by digest, not by task), served again to its reader, still to nobody else")
    void servedAgainAfterRestart() throws Exception {
        Path shelf = org1OnShelf();
        String digest = Digests.sha256Hex(value);
        Results.offer(hubs.get("Org1MSP"), KEY, digest, value, List.of("Org2MSP"));
        stopHub("Org1MSP");

        startHub("Org1MSP", shelf, Clock.systemUTC());
        assertThat(Results.fetch(hubs.get("Org2MSP"), addresses.get("Org1MSP"), KEY, "Org1MSP", digest))
                .isEqualTo(value);
        assertThat(refusal("Org3MSP", KEY, digest)).isEqualTo(Status.Code.NOT_FOUND);
        try (var files = Files.list(shelf)) {
            List<Path> kept = files.toList();
            assertThat(kept).hasSize(2).allSatisfy(f -> {
                assertThat(f.getFileName().toString()).doesNotContain("t1").doesNotContain("big");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            });
        }
    }

    @Test
    @DisplayName("S1.10 on restart a kept large result whose bytes no longer match its digest, or whose lifetime "
            + "ended, is deleted and not served; an intact one still is")
    void tamperedOrExpiredNotServedAgain() throws Exception {
        Path shelf = org1OnShelf();
        ExchangeHub.Key other = new ExchangeHub.Key("t1", "big2", 1);
        byte[] second = value.clone();
        second[0] ^= 1;
        Results.offer(hubs.get("Org1MSP"), KEY, Digests.sha256Hex(value), value, List.of("Org2MSP"));
        Results.offer(hubs.get("Org1MSP"), other, Digests.sha256Hex(second), second, List.of("Org2MSP"));
        stopHub("Org1MSP");
        Path tampered = null;
        try (var files = Files.list(shelf)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                if (Files.readString(f).contains("\"big2\"")) {
                    tampered = Path.of(f.toString().replaceFirst("\\.json$", ".bin"));
                }
            }
        }
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length - 1] ^= 1;
        Files.write(tampered, bytes);

        startHub("Org1MSP", shelf, Clock.systemUTC());
        assertThat(Results.fetch(hubs.get("Org2MSP"), addresses.get("Org1MSP"), KEY, "Org1MSP",
                Digests.sha256Hex(value))).isEqualTo(value);
        assertThat(refusal("Org2MSP", other, Digests.sha256Hex(second))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(tampered).doesNotExist();
        stopHub("Org1MSP");

        startHub("Org1MSP", shelf, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
        assertThat(refusal("Org2MSP", KEY, Digests.sha256Hex(value))).isEqualTo(Status.Code.NOT_FOUND);
        try (var files = Files.list(shelf)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
