package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChannelMembers;
import dev.weft.gateway.cli.Weft;
import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.engine.exchange.ExchangeProbe;
import dev.weft.gateway.engine.exchange.ExchangeTrust;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.Status;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * S1.10 on the real channel: the exchange trusts the organisations the channel configuration
 * names, with the TLS CAs it lists for them ({@code weft engine serve --exchange-trust channel}),
 * not files configured by hand per organisation.
 */
@ExtendWith(RealNetwork.class)
class ChannelTrustIT {
    private static final Pattern EXCHANGE = Pattern.compile("exchange port (\\d+), item stream \\d+ \\(mutual TLS, "
            + "member organisations \\[([^]]*)]\\)");

    @TempDir
    Path dir;

    @Test
    @DisplayName("S1.10 the members' TLS CAs are read from the channel configuration (cscc GetChannelConfig): "
            + "one entry per application organisation, the very CA certificates its TLS identities are issued by")
    void channelListsEachMembersTlsCa() throws Exception {
        SortedMap<String, List<ByteString>> roots;
        try (ChainClient chain = RealNetwork.client("org2", "User1")) {
            roots = ChannelMembers.tlsRoots(chain);
        }
        assertThat(roots.keySet()).containsExactly("Org1MSP", "Org2MSP", "Org3MSP");
        ExchangeTrust trust = ExchangeTrust.ofPem(roots);
        for (String org : List.of("org1", "org2", "org3")) {
            TlsMaterial tls = RealNetwork.profile(org).gatewayTls();
            String msp = RealNetwork.profile(org).mspId();
            assertThat(certificates(roots.get(msp).get(0).newInput()))
                    .isEqualTo(certificates(Files.newInputStream(tls.trustedCa())));
            assertThat(trust.organisationOf(certificates(Files.newInputStream(tls.certificate())).get(0))).contains(msp);
        }
        TestCertificates stranger = TestCertificates.issue(dir.resolve("stranger"), "Org2MSP");
        assertThat(trust.organisationOf(certificates(Files.newInputStream(stranger.cert)).get(0))).isEmpty();
    }

    @Test
    @DisplayName("S1.10 weft engine serve --exchange-trust channel: the exchange port accepts a member "
            + "organisation's TLS identity and refuses one whose CA the channel does not list, even under a member's name")
    void engineServeTrustsTheChannel() throws Exception {
        Serve serve = Serve.start(dir.resolve("engine"), "PT5M");
        try {
            assertThat(serve.members).isEqualTo("Org1MSP, Org2MSP, Org3MSP");
            String address = serve.address;
            ItemAddress nothing = ExchangeProbe.NOTHING;

            TlsMaterial org2 = RealNetwork.profile("org2").gatewayTls();
            assertThat(ExchangeProbe.fetchStatus(address, org2, ExchangeTrust.of(Map.of("Org1MSP",
                    RealNetwork.profile("org1").gatewayTls().trustedCa())), nothing))
                    .as("a member is let in and told there is no such item").isEqualTo(Status.Code.NOT_FOUND);

            TestCertificates stranger = TestCertificates.issue(dir.resolve("stranger"), "Org2MSP");
            assertThat(ExchangeProbe.fetchStatus(address, stranger.tls(), ExchangeTrust.of(Map.of("Org1MSP",
                    RealNetwork.profile("org1").gatewayTls().trustedCa())), nothing))
                    .as("a CA the channel does not list is refused at the handshake").isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            serve.stop();
        }
    }

    @Test
    @DisplayName("S1.10 a channel configuration update counts at a running engine without a restart: a TLS CA "
            + "added to Org2MSP's entry (signed by Org2's admin) lets its certificates in from the next refresh, "
            + "and once removed again they are refused again")
    void configurationUpdateCountsWithoutRestart() throws Exception {
        TestCertificates added = TestCertificates.issue(dir.resolve("added"), "Org2MSP");
        ByteString pem = ByteString.copyFrom(Files.readAllBytes(added.ca));
        ExchangeTrust org1Server = ExchangeTrust.of(Map.of("Org1MSP",
                RealNetwork.profile("org1").gatewayTls().trustedCa()));
        Serve serve = Serve.start(dir.resolve("engine-refresh"), "PT1S");
        try {
            assertThat(ExchangeProbe.fetchStatus(serve.address, added.tls(), org1Server, ExchangeProbe.NOTHING))
                    .as("before the update the CA is not the channel's").isEqualTo(Status.Code.UNAVAILABLE);
            try {
                MspConfigUpdate.apply("org2", "Org2MSP", msp -> msp.toBuilder().addTlsRootCerts(pem).build(), dir);
                assertThat(awaitStatus(serve, added, org1Server, Status.Code.NOT_FOUND))
                        .as("after the update the running engine lets the new CA's certificate in")
                        .isEqualTo(Status.Code.NOT_FOUND);
            } finally {
                MspConfigUpdate.apply("org2", "Org2MSP", msp -> {
                    FabricMSPConfig.Builder b = msp.toBuilder().clearTlsRootCerts();
                    msp.getTlsRootCertsList().stream().filter(c -> !c.equals(pem)).forEach(b::addTlsRootCerts);
                    return b.build();
                }, dir);
            }
            assertThat(awaitStatus(serve, added, org1Server, Status.Code.UNAVAILABLE))
                    .as("removed again, refused again").isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(ExchangeProbe.fetchStatus(serve.address, RealNetwork.profile("org2").gatewayTls(), org1Server,
                    ExchangeProbe.NOTHING)).as("Org2's own TLS identity all along").isEqualTo(Status.Code.NOT_FOUND);
        } finally {
            serve.stop();
        }
    }

    /** The probe's status once it is {@code wanted}, or the last one seen after 60 s. */
    private static Status.Code awaitStatus(Serve serve, TestCertificates as, ExchangeTrust serverTrust,
            Status.Code wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Status.Code seen;
        do {
            seen = ExchangeProbe.fetchStatus(serve.address, as.tls(), serverTrust, ExchangeProbe.NOTHING);
            if (seen == wanted) {
                return seen;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return seen;
    }

    /** {@code weft engine serve} of Org1 with {@code --exchange-trust channel}, in a thread of this JVM. */
    private static final class Serve {
        final Thread thread;
        final String address;
        final String members;

        private Serve(Thread thread, Matcher line) {
            this.thread = thread;
            this.address = "127.0.0.1:" + line.group(1);
            this.members = line.group(2);
        }

        static Serve start(Path data, String refresh) throws InterruptedException {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Thread serve = new Thread(() -> Weft.commandLine().setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err)).execute("engine", "serve", "--profile",
                            RealNetwork.profilePath("org1").toString(), "--port", "0", "--data", data.toString(),
                            "--exchange-port", "0", "--exchange-trust", "channel", "--exchange-trust-refresh",
                            refresh));
            serve.start();
            return new Serve(serve, awaitLine(out, err, serve));
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(15_000);
        }
    }

    private static Matcher awaitLine(StringWriter out, StringWriter err, Thread serve) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = EXCHANGE.matcher(out.toString());
            if (m.find()) {
                return m;
            }
            assertThat(serve.isAlive()).as("engine serve ended: " + out + " / " + err).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("engine serve never reported its exchange port: " + out + " / " + err);
    }

    private static List<X509Certificate> certificates(InputStream in) throws Exception {
        try (in) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toList();
        }
    }
}
