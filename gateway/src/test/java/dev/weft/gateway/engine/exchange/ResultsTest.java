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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
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

    @BeforeEach
    void start() throws Exception {
        Map<String, TestCertificates> certs = new TreeMap<>();
        Map<String, Path> cas = new TreeMap<>();
        for (String msp : List.of("Org1MSP", "Org2MSP", "Org3MSP")) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
            cas.put(msp, certs.get(msp).ca);
        }
        ExchangeTrust trust = ExchangeTrust.of(cas);
        for (String msp : certs.keySet()) {
            ExchangeHub hub = new ExchangeHub(msp, ExchangePort.clientCredentials(certs.get(msp).tls(), trust),
                    EngineTimer.create("t-" + msp), Clock.systemUTC(), Duration.ofMinutes(5));
            ExchangePort port = ExchangePort.start("127.0.0.1", 0, certs.get(msp).tls(), trust, hub);
            open.add(port);
            open.add(hub);
            hubs.put(msp, hub);
            addresses.put(msp, "127.0.0.1:" + port.port());
        }
        new Random(7).nextBytes(value);
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
        assertThatThrownBy(() -> Results.fetch(hubs.get("Org3MSP"), addresses.get("Org1MSP"), KEY, "Org1MSP", digest))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
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
        assertThatThrownBy(() -> Results.fetch(hubs.get("Org2MSP"), addresses.get("Org1MSP"), KEY, "Org1MSP", claimed))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
}
