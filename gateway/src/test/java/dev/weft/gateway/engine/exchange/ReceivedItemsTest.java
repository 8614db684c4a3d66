package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.api.UnitFault;
import dev.weft.gateway.engine.Digests;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.proto.engine.v1.ManifestEntry;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items an engine took survive its restart (S1.10): two organisations' standard engines on loopback
 * with real mutual TLS. Org1 sends, Org2 acknowledges, Org1's session ends (so nothing of Org1's can
 * bring the item again), Org2's engine is stopped and started again on the same folder.
 */
class ReceivedItemsTest {
    static final List<String> PARTICIPANTS = List.of("Org1MSP", "Org2MSP");
    static final ExchangeHub.Key KEY = new ExchangeHub.Key("t-kept", "join", 1);
    static final Duration LIFETIME = Duration.ofMinutes(5);

    @TempDir Path dir;
    final Map<String, TestCertificates> certs = new TreeMap<>();
    final Map<String, ExchangeHub> hubs = new TreeMap<>();
    final Map<String, ExchangePort> ports = new TreeMap<>();
    final List<AutoCloseable> open = new ArrayList<>();
    final byte[] share = new byte[2 * ExchangeHub.CHUNK + 11];
    ExchangeTrust trust;
    Path shelf;

    @BeforeEach
    void start() throws Exception {
        Map<String, Path> cas = new TreeMap<>();
        for (String msp : PARTICIPANTS) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
            cas.put(msp, certs.get(msp).ca);
        }
        trust = ExchangeTrust.of(cas);
        shelf = dir.resolve("org2-received");
        new Random(11).nextBytes(share);
        startHub("Org1MSP", null, Clock.systemUTC());
        startHub("Org2MSP", shelf, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    void startHub(String msp, Path folder, Clock shelfClock) {
        ExchangeHub hub = new ExchangeHub(msp, ExchangePort.clientCredentials(certs.get(msp).tls(), trust),
                EngineTimer.create("t-" + msp), Clock.systemUTC(), LIFETIME);
        ExchangePort port = ExchangePort.start("127.0.0.1", 0, certs.get(msp).tls(), trust, hub);
        open.add(port);
        open.add(hub);
        hubs.put(msp, hub);
        ports.put(msp, port);
        if (folder != null) {
            hub.keepReceived(ReceivedShelf.open(folder, shelfClock));
        }
    }

    /** Stops {@code msp}'s port and hub, as a killed engine would (its sessions are not closed). */
    void stopHub(String msp) throws Exception {
        ports.get(msp).close();
        hubs.get(msp).close();
        open.remove(ports.get(msp));
        open.remove(hubs.get(msp));
    }

    ExchangeSession session(String msp) {
        Map<String, String> published = new TreeMap<>();
        ports.forEach((m, p) -> published.put(m, "127.0.0.1:" + p.port()));
        return hubs.get(msp).open(KEY, PARTICIPANTS, published);
    }

    /** Org1 sends the share; Org2 takes it and acknowledges it; Org1's session ends. */
    void deliveredThenSenderGone() throws Exception {
        ExchangeSession sending = session("Org1MSP");
        ExchangeSession receiving = session("Org2MSP");
        sending.send("Org2MSP", "share", share);
        assertThat(receiving.receive("Org1MSP", "share", Duration.ofSeconds(10))).isEqualTo(share);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sending.undelivered() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sending.undelivered()).as("Org2 acknowledged the share").isZero();
        hubs.get("Org1MSP").close(KEY);
    }

    List<Path> kept() throws Exception {
        try (var files = Files.list(shelf)) {
            return files.toList();
        }
    }

    @Test
    @DisplayName("S1.10 an item acknowledged by an engine that then restarts is given to its unit again: kept in the "
            + "engine's own folder (owner-only files not named by task or item) until the session ends")
    void takenItemSurvivesRestart() throws Exception {
        deliveredThenSenderGone();
        assertThat(kept()).hasSize(2).allSatisfy(f -> {
            assertThat(f.getFileName().toString()).doesNotContain("t-kept").doesNotContain("share");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        });
        stopHub("Org2MSP");

        startHub("Org2MSP", shelf, Clock.systemUTC());
        ExchangeSession again = session("Org2MSP");
        assertThat(again.receive("Org1MSP", "share", Duration.ofSeconds(1))).isEqualTo(share);
        ManifestEntry received = again.manifest().get(0);
        assertThat(received.getDirection()).isEqualTo("RECEIVED");
        assertThat(received.getDigest()).isEqualTo(Digests.sha256Hex(share));
        assertThat(received.getSize()).isEqualTo(share.length);

        hubs.get("Org2MSP").close(KEY);
        assertThat(kept()).as("the session ended: nothing of it is kept").isEmpty();
    }

    @Test
    @DisplayName("S1.10 without the folder, the same restart loses the acknowledged item: the unit waits for it "
            + "in vain (EXCHANGE_TIMEOUT)")
    void withoutFolderTheItemIsLost() throws Exception {
        stopHub("Org2MSP");
        startHub("Org2MSP", null, Clock.systemUTC());
        deliveredThenSenderGone();
        stopHub("Org2MSP");

        startHub("Org2MSP", null, Clock.systemUTC());
        ExchangeSession again = session("Org2MSP");
        assertThatThrownBy(() -> again.receive("Org1MSP", "share", Duration.ofMillis(500)))
                .isInstanceOfSatisfying(UnitFault.class, f -> assertThat(f.code()).isEqualTo("EXCHANGE_TIMEOUT"));
    }

    @Test
    @DisplayName("S1.10 on restart a kept item whose bytes no longer match its digest, or whose session's "
            + "lifetime ended, is deleted and given to no unit")
    void tamperedOrExpiredNotTaken() throws Exception {
        deliveredThenSenderGone();
        stopHub("Org2MSP");
        Path bin = kept().stream().filter(f -> f.toString().endsWith(".bin")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(bin);
        bytes[7] ^= 1;
        Files.write(bin, bytes);

        startHub("Org2MSP", shelf, Clock.systemUTC());
        assertThat(kept()).isEmpty();
        ExchangeSession tampered = session("Org2MSP");
        assertThatThrownBy(() -> tampered.receive("Org1MSP", "share", Duration.ofMillis(300)))
                .isInstanceOf(UnitFault.class);
        stopHub("Org2MSP");

        startHub("Org2MSP", shelf, Clock.systemUTC());
        session("Org1MSP").send("Org2MSP", "share", share);
        assertThat(session("Org2MSP").receive("Org1MSP", "share", Duration.ofSeconds(10))).isEqualTo(share);
        assertThat(kept()).hasSize(2);
        stopHub("Org2MSP");

        startHub("Org2MSP", shelf, Clock.offset(Clock.systemUTC(), LIFETIME.plusMinutes(1)));
        assertThat(kept()).as("past the session's lifetime").isEmpty();
    }
}
