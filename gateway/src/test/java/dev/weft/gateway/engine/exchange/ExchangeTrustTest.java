package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.transport.TlsStreams;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The members an exchange port trusts, replaced while it runs (a channel configuration read again). */
class ExchangeTrustTest {
    @TempDir Path dir;
    final Map<String, TestCertificates> certs = new TreeMap<>();
    ExchangeHub hub;
    ExchangePort port;
    StreamPort stream;

    @BeforeEach
    void issue() throws Exception {
        for (String msp : new String[] {"Org1MSP", "Org2MSP", "Org3MSP"}) {
            certs.put(msp, TestCertificates.issue(dir.resolve(msp), msp));
        }
    }

    @AfterEach
    void close() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (port != null) {
            port.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private ExchangeTrust of(String... msps) {
        Map<String, Path> cas = new TreeMap<>();
        for (String msp : msps) {
            cas.put(msp, certs.get(msp).ca);
        }
        return ExchangeTrust.of(cas);
    }

    private Status.Code asked(String msp) {
        return ExchangeProbe.fetchStatus("127.0.0.1:" + port.port(), certs.get(msp).tls(), of("Org1MSP"),
                ExchangeProbe.NOTHING);
    }

    /** What the item stream answers {@code msp} asking for nothing, or "refused" when its handshake fails. */
    private String streamed(String msp) {
        try (SSLSocket socket = TlsStreams.connect(TlsStreams.context(certs.get(msp).tls(), of("Org1MSP").trustManager()),
                "127.0.0.1:" + stream.port(), 5_000, 10_000)) {
            ExchangeProbe.NOTHING.writeDelimitedTo(socket.getOutputStream());
            socket.getOutputStream().flush();
            return StreamPort.readAnswer(socket.getInputStream()).getCode();
        } catch (IOException refused) {
            return "refused";
        }
    }

    private X509Certificate certificate(String msp) throws Exception {
        try (var in = Files.newInputStream(certs.get(msp).cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    @DisplayName("S1.10 exchange trust replaced on a running port: an organisation added to the channel gets in at "
            + "its next handshake, one removed is refused at its next handshake, on the exchange port and the item "
            + "stream, without a restart")
    void replacedTrustCountsAtTheNextHandshake() throws Exception {
        ExchangeTrust trust = of("Org1MSP", "Org2MSP");
        hub = new ExchangeHub("Org1MSP", ExchangePort.clientCredentials(certs.get("Org1MSP").tls(), trust),
                EngineTimer.create("t-trust"), Clock.systemUTC(), Duration.ofMinutes(5), ExchangeHub.Options.STANDARD);
        port = ExchangePort.start("127.0.0.1", 0, certs.get("Org1MSP").tls(), trust, hub);
        stream = StreamPort.start("127.0.0.1", 0, certs.get("Org1MSP").tls(), trust, hub);

        assertThat(asked("Org2MSP")).as("a member is let in").isEqualTo(Status.Code.NOT_FOUND);
        assertThat(asked("Org3MSP")).as("not yet a member").isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(streamed("Org2MSP")).as("a member is answered by the item stream").isNotEqualTo("refused");
        assertThat(streamed("Org3MSP")).as("not yet a member, on the item stream").isEqualTo("refused");

        assertThat(trust.replaceWith(of("Org1MSP", "Org3MSP"))).as("the members changed").isTrue();

        assertThat(trust.organisations()).containsExactly("Org1MSP", "Org3MSP");
        assertThat(asked("Org3MSP")).as("added: let in").isEqualTo(Status.Code.NOT_FOUND);
        assertThat(asked("Org2MSP")).as("removed: refused").isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(streamed("Org3MSP")).as("added, on the item stream").isNotEqualTo("refused");
        assertThat(streamed("Org2MSP")).as("removed, on the item stream").isEqualTo("refused");
        assertThat(trust.organisationOf(certificate("Org2MSP"))).isEmpty();
        assertThat(trust.organisationOf(certificate("Org3MSP"))).contains("Org3MSP");
        assertThat(trust.replaceWith(of("Org3MSP", "Org1MSP"))).as("the same members read again").isFalse();
    }
}
