package dev.weft.gateway.engine.callback;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JSSE {@link SSLContext} from the PEM files Fabric's tools write (an X.509
 * certificate, its PKCS#8 EC or RSA key, the CA): for HTTPS ports and clients.
 */
public final class PemSsl {
    private static final char[] NO_PASSWORD = new char[0];

    private PemSsl() {
    }

    /**
     * An SSL context presenting {@code cert}/{@code key} (both null: no identity)
     * and trusting {@code ca} (null: the JDK's default trust).
     */
    public static SSLContext context(Path cert, Path key, Path ca) {
        try {
            KeyManager[] keys = cert == null ? null : keyManagers(cert, key);
            TrustManagerFactory tmf = null;
            if (ca != null) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (Certificate c : certificates(ca)) {
                    ts.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys, tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS material " + cert + " / " + key + " / " + ca
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Key managers presenting {@code cert} (PEM, with its chain) and its PKCS#8 {@code key}. */
    public static KeyManager[] keyManagers(Path cert, Path key) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<Certificate> chain = List.copyOf(certificates(cert));
            ks.setKeyEntry("identity", privateKey(key), NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS identity " + cert + " / " + key + " cannot be used: "
                    + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        if (pem == null) {
            throw new GeneralSecurityException("a certificate needs its private key");
        }
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " is not a PEM PKCS#8 private key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException(pem + ": neither an EC, RSA nor Ed25519 key");
    }
}
