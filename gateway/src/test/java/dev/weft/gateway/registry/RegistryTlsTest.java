package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.engine.TestCertificates;
import dev.weft.gateway.transport.TlsMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real service centers on loopback TLS ports. */
@DisplayName("S0.7, issue 9 item 4: the service center speaks mutual TLS with the organisation's identities")
class RegistryTlsTest {
    @TempDir Path dir;

    private static ServiceCenter.Registration sha256(String name, String endpoint) {
        return new ServiceCenter.Registration(name, endpoint, List.of(UnitService.available("sha256", Set.of("sha256"))));
    }

    private static RegistryClient client(RegistryServer server, TlsMaterial tls) {
        return RegistryClient.builder().endpoint("localhost:" + server.port()).tls(tls)
                .deadline(Duration.ofSeconds(5)).build();
    }

    @Test
    @DisplayName("issue 9 item 4: the organisation's gateway identity registers and lists; a client with the CA "
            + "but no certificate, or with another organisation's identity, is refused")
    void onlyTheOrganisationsIdentitiesGetIn() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        TestCertificates org2 = TestCertificates.issue(dir.resolve("org2"), "org2");
        TlsMaterial org2Gateway = org2.identity("gateway");
        try (RegistryServer server = RegistryServer.start(RegistryConfiguration.tls("127.0.0.1", 0, org1.tls()))) {
            try (RegistryClient gateway = client(server, org1.identity("gateway"))) {
                gateway.register(sha256("Org1MSP", "127.0.0.1:7060"));
                assertThat(gateway.list().frameworks()).extracting(FrameworkService::name).containsExactly("Org1MSP");
            }
            TlsMaterial[] strangers = {org1.caOnly(),
                new TlsMaterial(org2Gateway.certificate(), org2Gateway.privateKey(), org1.ca), org2Gateway};
            for (TlsMaterial stranger : strangers) {
                try (RegistryClient client = client(server, stranger)) {
                    assertThatThrownBy(() -> client.register(sha256("Evil", "127.0.0.1:1")))
                            .isInstanceOfSatisfying(RegistryException.class,
                                    e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAVAILABLE));
                }
            }
            assertThat(server.center().list().frameworks()).extracting(FrameworkService::name)
                    .containsExactly("Org1MSP");
        }
    }

    @Test
    @DisplayName("issue 9 item 4: a framework's registered name is bound to its certificate; another identity "
            + "of the same organisation cannot take it over")
    void nameIsBoundToTheCertificate() throws Exception {
        TestCertificates org1 = TestCertificates.issue(dir.resolve("org1"), "org1");
        try (RegistryServer server = RegistryServer.start(RegistryConfiguration.tls("127.0.0.1", 0, org1.tls()));
                RegistryClient engine = client(server, org1.identity("gateway"));
                RegistryClient other = client(server, org1.identity("user1"))) {
            ServiceCenter.Registered first = engine.register(sha256("Org1MSP", "127.0.0.1:7060"));
            engine.deregister("Org1MSP", first.session(), "restart");
            assertThatThrownBy(() -> other.register(sha256("Org1MSP", "127.0.0.1:6666")))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.FORBIDDEN));
            assertThat(server.center().list().frameworks()).singleElement()
                    .satisfies(f -> assertThat(f.endpoint()).isEqualTo("127.0.0.1:7060"));
            engine.register(sha256("Org1MSP", "127.0.0.1:7060"));
            other.register(sha256("Org1-second", "127.0.0.1:7061"));
            assertThat(server.center().list().frameworks()).extracting(FrameworkService::name)
                    .containsExactly("Org1-second", "Org1MSP");
        }
    }

    @Test
    @DisplayName("plaintext needs the explicit loopback setting, and only reaches loopback endpoints")
    void plaintextIsLoopbackOnly() {
        assertThatThrownBy(() -> new RegistryConfiguration("127.0.0.1", 0, null, false, Duration.ofSeconds(2), 3,
                ServiceCenter.DEFAULT_MAX_FRAMEWORKS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryClient.builder().endpoint("192.0.2.1:7070").insecureLoopback().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
