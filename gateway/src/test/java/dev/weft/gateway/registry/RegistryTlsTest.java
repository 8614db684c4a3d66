package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.engine.EngineTls;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("S0.7 the service center's port speaks TLS with the organisation's gateway certificate")
class RegistryTlsTest {
    @TempDir Path dir;

    @Test
    @DisplayName("a client trusting the organisation's CA registers and lists over TLS; one trusting another CA cannot")
    void tlsOnly() throws Exception {
        EngineTls org1 = selfSigned(dir.resolve("org1"));
        EngineTls other = selfSigned(dir.resolve("other"));
        try (RegistryServer server = RegistryServer.start(RegistryConfiguration.tls("127.0.0.1", 0, org1))) {
            String endpoint = "localhost:" + server.port();
            try (RegistryClient client = RegistryClient.builder().endpoint(endpoint).trustedCa(org1.trustedCa()).build()) {
                client.register(new ServiceCenter.Registration("Org1MSP", "127.0.0.1:7060",
                        List.of(UnitService.available("sha256", Set.of("sha256")))));
                assertThat(client.list().frameworks()).extracting(FrameworkService::name).containsExactly("Org1MSP");
            }
            try (RegistryClient stranger = RegistryClient.builder().endpoint(endpoint).trustedCa(other.trustedCa())
                    .deadline(Duration.ofSeconds(5)).build()) {
                assertThatThrownBy(stranger::list).isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAVAILABLE));
            }
        }
    }

    @Test
    @DisplayName("plaintext needs the explicit loopback setting, and only reaches loopback endpoints")
    void plaintextIsLoopbackOnly() {
        assertThatThrownBy(() -> new RegistryConfiguration("127.0.0.1", 0, null, false, Duration.ofSeconds(2), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryClient.builder().endpoint("192.0.2.1:7070").insecureLoopback().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    /** A self-signed CA-capable certificate for localhost / 127.0.0.1, its PKCS#8 key, and itself as the CA. */
    private static EngineTls selfSigned(Path folder) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=gateway.org1.example.com,O=org1");
        var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Files.createDirectories(folder);
        Path cert = Files.writeString(folder.resolve("tls.crt"), pem(certificate));
        Path key = Files.writeString(folder.resolve("tls.key"), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        return new EngineTls(cert, key, cert);
    }

    private static String pem(Object value) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(value);
        }
        return text.toString();
    }
}
