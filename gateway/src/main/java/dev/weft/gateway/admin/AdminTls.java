package dev.weft.gateway.admin;

import dev.weft.gateway.transport.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK {@link SSLContext} of an HTTPS admin port, made from the organisation's
 * TLS identity (the same PEM files its gRPC ports serve with): this certificate
 * presented, and only client certificates the organisation's TLS CA issued trusted.
 */
final class AdminTls {
    private static final char[] NO_PASSWORD = new char[0];

    private AdminTls() {
    }

    static SSLContext serverContext(TlsMaterial tls) {
        return context(tls.requireServerFiles());
    }

    /**
     * Presents {@code tls}'s certificate (when it has one) and trusts its CA: a
     * server's context, or a client's (the console test's, {@code weft} tools').
     */
    static SSLContext context(TlsMaterial tls) {
        try {
            KeyManagerFactory kmf = null;
            if (tls.certificate() != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("admin", privateKey(tls.privateKey()), NO_PASSWORD,
                        certificates(tls.certificate()).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, NO_PASSWORD);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : certificates(tls.trustedCa())) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin port's TLS material " + tls, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable TLS material for the admin port " + tls + ": " + e, e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    /** A PKCS#8 PEM key (what cryptogen and Fabric CA write): EC, else RSA. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException("not a PKCS#8 PEM private key: " + pem);
        }
        String body = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                text.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }
}
