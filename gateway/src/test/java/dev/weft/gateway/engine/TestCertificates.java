package dev.weft.gateway.engine;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and a TLS server certificate issued by it, like cryptogen makes for an
 * organisation: EC P-256, SANs localhost and 127.0.0.1, key in PKCS#8 PEM.
 */
final class TestCertificates {
    final Path ca;
    final Path cert;
    final Path key;

    private TestCertificates(Path ca, Path cert, Path key) {
        this.ca = ca;
        this.cert = cert;
        this.key = key;
    }

    static TestCertificates issue(Path dir, String org) throws Exception {
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=tlsca." + org + ".example.com,O=" + org);
        X509Certificate caCert = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, start(), end(),
                caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                caKeys.getPrivate());

        KeyPair serverKeys = ecKeys();
        X509Certificate serverCert = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, start(), end(),
                new X500Name("CN=peer0." + org + ".example.com,O=" + org), serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")})),
                caKeys.getPrivate());

        Files.createDirectories(dir);
        Path ca = write(dir.resolve("ca.crt"), caCert);
        Path cert = write(dir.resolve("server.crt"), serverCert);
        Path key = write(dir.resolve("server.key"), new JcaPKCS8Generator(serverKeys.getPrivate(), null));
        return new TestCertificates(ca, cert, key);
    }

    EngineTls tls() {
        return new EngineTls(cert, key, ca);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static Date start() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date end() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }

    private static Path write(Path file, Object pem) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pem);
        }
        return Files.writeString(file, text.toString());
    }
}
