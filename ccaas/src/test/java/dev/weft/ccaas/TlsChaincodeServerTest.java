package dev.weft.ccaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("issue 9 item 11: the chaincode server starts only with TLS and client authentication")
class TlsChaincodeServerTest {
    @TempDir Path dir;

    private ChaincodeServerProperties shim(boolean tls) throws Exception {
        ChaincodeServerProperties p = new ChaincodeServerProperties();
        p.setTlsEnabled(tls);
        p.setKeyCertChainFile(Files.writeString(dir.resolve("server.crt"), "pem").toString());
        p.setKeyFile(Files.writeString(dir.resolve("server.key"), "pem").toString());
        return p;
    }

    @Test
    @DisplayName("issue 9 item 11: the clients' CA becomes the server's trust collection (client auth required)")
    void clientCaIsRequiredOfPeers() throws Exception {
        String ca = Files.writeString(dir.resolve("ca.crt"), "pem").toString();
        ChaincodeServerProperties p = TlsChaincodeServer.requireMutualTls(shim(true),
                Map.of(TlsChaincodeServer.CLIENT_CA, ca));
        assertThat(p.isTlsEnabled()).isTrue();
        assertThat(p.getTrustCertCollectionFile()).isEqualTo(ca);
    }

    @Test
    @DisplayName("issue 9 item 11: a chaincode server without TLS, or without the clients' CA, refuses to start")
    void plaintextOrNoClientCaIsRefused() throws Exception {
        String ca = Files.writeString(dir.resolve("ca.crt"), "pem").toString();
        assertThatThrownBy(() -> TlsChaincodeServer.requireMutualTls(shim(false),
                Map.of(TlsChaincodeServer.CLIENT_CA, ca))).hasMessageContaining("needs TLS");
        assertThatThrownBy(() -> TlsChaincodeServer.requireMutualTls(shim(true), Map.of()))
                .hasMessageContaining(TlsChaincodeServer.CLIENT_CA);
        assertThatThrownBy(() -> TlsChaincodeServer.requireMutualTls(shim(true),
                Map.of(TlsChaincodeServer.CLIENT_CA, dir.resolve("missing.crt").toString())))
                .hasMessageContaining(TlsChaincodeServer.CLIENT_CA);
    }
}
