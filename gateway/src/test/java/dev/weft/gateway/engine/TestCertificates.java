package dev.weft.gateway.engine;

import dev.weft.gateway.transport.TlsMaterial;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and a TLS server certificate issued by it, like cryptogen makes for an
 * organisation: EC P-256, SANs localhost and 127.0.0.1, key in PKCS#8 PEM; and
 * more identities of that CA on demand ({@link #identity}), as cryptogen's
 * gateway and user TLS certificates.
 */
public final class TestCertificates {
    public final Path ca;
    public final Path cert;
    public final Path key;
    private final Path dir;
    private final String org;
    private final X500Name caName;
    private final KeyPair caKeys;
    private long serial = 10;

    private TestCertificates(Path dir, String org, X500Name caName, KeyPair caKeys, Path ca, Path cert, Path key) {
        this.dir = dir;
        this.org = org;
        this.caName = caName;
        this.caKeys = caKeys;
        this.ca = ca;
        this.cert = cert;
        this.key = key;
    }

    /**
     * Another TLS identity issued by this organisation's CA, {@code CN=<host>.<org>.example.com}:
     * certificate, key, and this CA to trust.
     */
    public synchronized TlsMaterial identity(String host) throws Exception {
        KeyPair keys = ecKeys();
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(++serial),
                start(), end(), new X500Name("CN=" + host + "." + org + ".example.com,O=" + org), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")})),
                caKeys.getPrivate());
        Path c = write(dir.resolve(host + ".crt"), certificate);
        Path k = write(dir.resolve(host + ".key"), new JcaPKCS8Generator(keys.getPrivate(), null));
        return new TlsMaterial(c, k, ca);
    }

    /** The organisation's CA trusted, no client certificate: what a stranger has. */
    public TlsMaterial caOnly() {
        return new TlsMaterial(null, null, ca);
    }

    public static TestCertificates issue(Path dir, String org) throws Exception {
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=tlsca." + org + ".example.com,O=" + org);
        X509Certificate caCert = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, start(), end(),
                caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                // as cryptogen's CAs: a channel's MSP definition refuses a CA certificate without one
                .addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic())),
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
        return new TestCertificates(dir, org, caName, caKeys, ca, cert, key);
    }

    /** The server's TLS: its certificate and key, the CA its clients must come from. */
    public TlsMaterial tls() {
        return new TlsMaterial(cert, key, ca);
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
