package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.engine.Digests;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ManifestEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two organisations, each with a standard engine (the exchange address published on chain)
 * and another engine that runs the attempt's unit (a heterogeneous engine's sidecar), all
 * on loopback with real mutual-TLS ports and each organisation's own CA.
 */
class ExchangePathsTest {
    static final List<String> PARTICIPANTS = List.of("Org1MSP", "Org2MSP");
    static final ExchangeHub.Key KEY = new ExchangeHub.Key("t1", "join", 1);

    @TempDir Path dir;
    ExchangeTrust trust;
    final List<AutoCloseable> open = new ArrayList<>();
    final Map<String, TestCertificates> certs = new TreeMap<>();

    record Node(ExchangeHub hub, ExchangePort port) {
        String address() {
            return "127.0.0.1:" + port.port();
        }
    }

    @BeforeEach
    void issue() throws Exception {
        Map<String, Path> cas = new TreeMap<>();
        for (String msp : PARTICIPANTS) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
            cas.put(msp, certs.get(msp).ca);
        }
        trust = ExchangeTrust.of(cas);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    Node node(String msp, TlsMaterial tls, ExchangeHub.Options options) {
        ExchangeHub hub = new ExchangeHub(msp, ExchangePort.clientCredentials(tls, trust),
                EngineTimer.create("t-" + msp), Clock.systemUTC(), Duration.ofMinutes(5), options);
        ExchangePort port = ExchangePort.start("127.0.0.1", 0, tls, trust, hub);
        open.add(port);
        open.add(hub);
        return new Node(hub, port);
    }

    Node standard(String msp) {
        return node(msp, certs.get(msp).tls(), ExchangeHub.Options.STANDARD);
    }

    Node engine(String msp, ExchangeLinks links, List<String> formats) throws Exception {
        return node(msp, certs.get(msp).identity("engine"),
                new ExchangeHub.Options(false, links, formats, ExchangeHub.CHUNK));
    }

    /** Org1's engine sends one item to Org2's engine; returns the receiving session. */
    final class Pair {
        final Node s1 = standard("Org1MSP");
        final Node s2 = standard("Org2MSP");
        final Node e1;
        final Node e2;
        final ExchangeSession sending;
        final ExchangeSession receiving;

        Pair(ExchangeLinks links, boolean directIntoOrg2, Set<String> org2Reads) throws Exception {
            e1 = engine("Org1MSP", links, List.of());
            e2 = engine("Org2MSP", ExchangeLinks.AUTO, List.copyOf(org2Reads));
            Map<String, String> published = Map.of("Org1MSP", s1.address(), "Org2MSP", s2.address());
            s1.hub().open(KEY, PARTICIPANTS, published, new ExchangeSession.Delegate(e1.address(), Set.of(), true));
            s2.hub().open(KEY, PARTICIPANTS, published, new ExchangeSession.Delegate(e2.address(), org2Reads,
                    directIntoOrg2));
            sending = e1.hub().open(KEY, PARTICIPANTS, published);
            receiving = e2.hub().open(KEY, PARTICIPANTS, published);
        }

        long relayed() {
            return s1.hub().relayed() + s2.hub().relayed();
        }
    }

    static byte[] rows(int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"region\":\"r").append(i % 7)
                    .append("\",\"amount\":").append(i * 1.5).append(",\"open\":").append(i % 2 == 0).append('}');
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    static void pairedManifests(ExchangeSession sender, ExchangeSession receiver) {
        ManifestEntry sent = sender.manifest().get(0);
        ManifestEntry received = receiver.manifest().get(0);
        assertThat(sent.getDirection()).isEqualTo("SENT");
        assertThat(received.getDirection()).isEqualTo("RECEIVED");
        assertThat(received.getDigest()).isEqualTo(sent.getDigest());
        assertThat(received.getSize()).isEqualTo(sent.getSize());
    }

    @Test
    @DisplayName("S1.10 direct path: Org2's standard engine offers its engine's address, Org1's engine sends to it "
            + "without a relay, and the bytes arrive unchanged")
    void direct() throws Exception {
        Pair p = new Pair(ExchangeLinks.AUTO, true, Set.of());
        byte[] payload = rows(50);
        p.sending.send("Org2MSP", "rows", "json-rows", payload);
        assertThat(p.receiving.receive("Org1MSP", "rows", Duration.ofSeconds(60))).isEqualTo(payload);
        assertThat(p.sending.paths().get("Org2MSP")).startsWith("direct");
        assertThat(p.relayed()).isZero();
        pairedManifests(p.sending, p.receiving);
    }

    @Test
    @DisplayName("S1.10 relayed path with the direct link refused: Org2 offers no direct address, so the item goes "
            + "through both standard engines and arrives unchanged")
    void relayedWhenDirectRefused() throws Exception {
        Pair p = new Pair(ExchangeLinks.AUTO, false, Set.of());
        byte[] payload = rows(50);
        p.sending.send("Org2MSP", "rows", "json-rows", payload);
        assertThat(p.receiving.receive("Org1MSP", "rows", Duration.ofSeconds(60))).isEqualTo(payload);
        assertThat(p.sending.paths().get("Org2MSP")).startsWith("relayed")
                .contains("only through its standard engine");
        assertThat(p.s1.hub().relayed()).isEqualTo(1);
        assertThat(p.s2.hub().relayed()).isEqualTo(1);
        pairedManifests(p.sending, p.receiving);
    }

    @Test
    @DisplayName("S1.10 per-link choice: a link configured relayed is relayed although the receiver offers direct")
    void relayedByConfiguration() throws Exception {
        Pair p = new Pair(ExchangeLinks.parse("Org2MSP=relayed"), true, Set.of());
        p.sending.send("Org2MSP", "n", "bytes", "42".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.receiving.receive("Org1MSP", "n", Duration.ofSeconds(60))).asString().isEqualTo("42");
        assertThat(p.sending.paths().get("Org2MSP")).isEqualTo("relayed (configured)");
        assertThat(p.relayed()).isEqualTo(2);
    }

    @Test
    @DisplayName("S1.10 format conversion on relay: Org2's engine reads CSV, Org1's sends JSON rows; the link is "
            + "relayed and Org2's standard engine converts, while both manifests list the bytes as sent")
    void conversionOnRelay() throws Exception {
        Pair p = new Pair(ExchangeLinks.AUTO, true, Set.of("csv"));
        byte[] payload = "[{\"id\":1,\"region\":\"north\",\"amount\":2.5},{\"id\":2,\"region\":\"south\",\"amount\":4.0}]"
                .getBytes(StandardCharsets.UTF_8);
        p.sending.send("Org2MSP", "rows", "json-rows", payload);
        byte[] got = p.receiving.receive("Org1MSP", "rows", Duration.ofSeconds(60));
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("id,region,amount\n1,north,2.5\n2,south,4.0\n");
        assertThat(p.receiving.formatOf("Org1MSP", "rows")).isEqualTo("csv");
        assertThat(p.sending.paths().get("Org2MSP")).startsWith("relayed").contains("reads [csv]");
        pairedManifests(p.sending, p.receiving);
        assertThat(p.receiving.manifest().get(0).getDigest()).isEqualTo(Digests.sha256Hex(payload));
    }

    @Test
    @DisplayName("S1.10 large items travel by digest on both paths: 8 MiB fetched in chunks, checked, unchanged")
    void largeByDigest() throws Exception {
        byte[] payload = new byte[8 * 1024 * 1024 + 17];
        new Random(7).nextBytes(payload);
        Pair direct = new Pair(ExchangeLinks.AUTO, true, Set.of());
        direct.sending.send("Org2MSP", "blob", "bytes", payload);
        assertThat(direct.receiving.receive("Org1MSP", "blob", Duration.ofSeconds(120))).isEqualTo(payload);
        assertThat(direct.sending.paths().get("Org2MSP")).startsWith("direct");

        Pair relayed = new Pair(ExchangeLinks.parse("*=relayed"), true, Set.of());
        relayed.sending.send("Org2MSP", "blob", "bytes", payload);
        assertThat(relayed.receiving.receive("Org1MSP", "blob", Duration.ofSeconds(120))).isEqualTo(payload);
        assertThat(relayed.relayed()).isEqualTo(2);
        pairedManifests(relayed.sending, relayed.receiving);
    }
}
