package dev.weft.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.bench.RecoveryProcess;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.cli.Weft;
import dev.weft.gateway.transport.TlsMaterial;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real network and real engine processes: who gets through Weft's ports and
 * the chaincode servers' ports.
 */
@ExtendWith(RealNetwork.class)
@DisplayName("issue 9 items 4 and 11: mutual TLS with the organisation's identities on the real network")
class MutualTlsIT {
    @TempDir Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run weft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Weft.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @DisplayName("issue 9 item 4: a call to Org1's engine with Org1's TLS CA but no client identity, or with Org2's "
            + "identity, is refused; `weft engine call --profile org1` works")
    void org1EngineServesOnlyOrg1() throws Exception {
        TlsMaterial org1 = RealNetwork.profile("org1").gatewayTls();
        TlsMaterial org2 = RealNetwork.profile("org2").gatewayTls();
        try (RecoveryProcess engine = RecoveryProcess.engine("org1-engine", RealNetwork.profilePath("org1").toString(),
                dir.resolve("engine"), 2, dir.resolve("logs"))) {
            String[] sum = {"--operation", "sum", "--param", "values=1,2,3", "--timeout", "PT20S"};
            Run noIdentity = weft(concat(new String[] {"engine", "call", "--endpoint", engine.endpoint(),
                "--tls-ca", org1.trustedCa().toString()}, sum));
            assertThat(noIdentity.exit()).as(noIdentity.err()).isEqualTo(5);
            assertThat(noIdentity.out()).doesNotContain("\"value\"");

            Run org2Identity = weft(concat(new String[] {"engine", "call", "--endpoint", engine.endpoint(),
                "--tls-ca", org1.trustedCa().toString(), "--tls-cert", org2.certificate().toString(),
                "--tls-key", org2.privateKey().toString()}, sum));
            assertThat(org2Identity.exit()).as(org2Identity.err()).isEqualTo(5);
            assertThat(org2Identity.out()).doesNotContain("\"value\"");

            Run org2Profile = weft(concat(new String[] {"engine", "call", "--endpoint", engine.endpoint(),
                "--profile", RealNetwork.profilePath("org2").toString()}, sum));
            assertThat(org2Profile.exit()).as(org2Profile.err()).isEqualTo(5);

            Run org1Gateway = weft(concat(new String[] {"engine", "call", "--endpoint", engine.endpoint(),
                "--profile", RealNetwork.profilePath("org1").toString(), "-o", "json"}, sum));
            assertThat(org1Gateway.exit()).as(org1Gateway.err()).isZero();
            assertThat(org1Gateway.out()).contains("SUCCEEDED").contains("6");
        }
    }

    @Test
    @DisplayName("issue 9 item 11: each organisation's peers use a chaincode server of their own, which accepts "
            + "only certificates of that organisation's TLS CA")
    void chaincodeServersTakeOnlyTheirOrganisationsPeers() throws Exception {
        for (String org : List.of("org1", "org2", "org3")) {
            try (ChainClient client = RealNetwork.client(org, "User1")) {
                assertThat(client.evaluateText("system:Version")).isNotBlank();
            }
            Path crypto = RealNetwork.runDir().resolve("crypto/peerOrganizations/" + org + ".example.com/peers");
            Path ca = crypto.resolve("chaincode." + org + ".example.com/tls/ca.crt");
            Path client = crypto.resolve("cc-client." + org + ".example.com/tls");
            int port = chaincodePort(org);
            assertThat(connects(port, new TlsMaterial(null, null, ca))).as(org + " without a certificate").isFalse();
            String other = org.equals("org1") ? "org2" : "org1";
            Path otherClient = RealNetwork.runDir().resolve("crypto/peerOrganizations/" + other
                    + ".example.com/peers/cc-client." + other + ".example.com/tls");
            assertThat(connects(port, new TlsMaterial(otherClient.resolve("server.crt"), otherClient.resolve("server.key"),
                    ca))).as(org + " with " + other + "'s peer certificate").isFalse();
            assertThat(connects(port, new TlsMaterial(client.resolve("server.crt"), client.resolve("server.key"), ca)))
                    .as(org + " with its own peer certificate").isTrue();
        }
        for (String org : List.of("org1", "org2", "org3")) {
            try (ChainClient client = RealNetwork.client(org, "User1")) {
                assertThat(client.evaluateText("system:Version")).as(org + " after the probes").isNotBlank();
            }
            RealNetwork.Result installed = RealNetwork.run(List.of("peer", "lifecycle", "chaincode", "queryinstalled"),
                    RealNetwork.peerEnv(org));
            assertThat(installed.output()).as(org).contains("Label: weft_" + org)
                    .doesNotContain("Label: weft_" + (org.equals("org1") ? "org2" : "org1"));
        }
    }

    @Test
    @DisplayName("issue 9 item 11: peer and orderer operations endpoints use TLS and require a client certificate")
    void operationsEndpointsUseMutualTls() throws Exception {
        Path peer = RealNetwork.runDir().resolve("crypto/peerOrganizations/org1.example.com/peers/"
                + "peer0.org1.example.com/tls");
        Path orderer = RealNetwork.runDir().resolve("crypto/ordererOrganizations/example.com/orderers/"
                + "orderer.example.com/tls");
        int base = base();
        for (var target : Map.of(base + 12, peer, base + 2, orderer).entrySet()) {
            String url = "https://127.0.0.1:" + target.getKey() + "/healthz";
            Path tls = target.getValue();
            RealNetwork.Result plain = curl("http://127.0.0.1:" + target.getKey() + "/healthz");
            assertThat(plain.output()).doesNotContain("\"status\":\"OK\"");
            RealNetwork.Result noCert = curl("--cacert", tls.resolve("ca.crt").toString(), url);
            assertThat(noCert.exitCode()).as(noCert.output()).isNotZero();
            RealNetwork.Result withCert = curl("--cacert", tls.resolve("ca.crt").toString(),
                    "--cert", tls.resolve("server.crt").toString(), "--key", tls.resolve("server.key").toString(), url);
            assertThat(withCert.output()).as(url).contains("\"status\":\"OK\"");
        }
    }

    /**
     * Whether a gRPC connection to the chaincode server becomes ready (TLS
     * handshake done, the server's HTTP/2 settings received) with {@code tls}.
     * It opens no stream: the shim's server keeps one registration state for all
     * its connections, so a stream that never registers would disturb the peers'.
     */
    private static boolean connects(int port, TlsMaterial tls) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, tls.clientCredentials()).build();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            ConnectivityState state = channel.getState(true);
            while (state != ConnectivityState.READY && state != ConnectivityState.TRANSIENT_FAILURE
                    && System.nanoTime() < deadline) {
                CompletableFuture<Void> changed = new CompletableFuture<>();
                channel.notifyWhenStateChanged(state, () -> changed.complete(null));
                changed.get(20, TimeUnit.SECONDS);
                state = channel.getState(true);
            }
            return state == ConnectivityState.READY;
        } finally {
            channel.shutdownNow();
        }
    }

    private static int base() throws Exception {
        for (String line : Files.readAllLines(RealNetwork.runDir().resolve("network.env"))) {
            if (line.startsWith("BASE=")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("no BASE in network.env");
    }

    /** Org N's server of the Weft chaincode: base+60, +63, +66 (docs/decisions.md). */
    private static int chaincodePort(String org) throws Exception {
        return base() + 60 + 3 * (Integer.parseInt(org.substring(3)) - 1);
    }

    private static RealNetwork.Result curl(String... args) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        return RealNetwork.run(command, Map.of());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
