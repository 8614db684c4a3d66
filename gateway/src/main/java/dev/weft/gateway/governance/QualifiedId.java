package dev.weft.gateway.governance;

import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.chain.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * How the chaincode names an identity in voter lists, cohorts and grants:
 * {@code "Org1MSP/x509::<subject DN>::<issuer DN>"}, the MSP ID and the ID that
 * Fabric's Java chaincode shim derives from the certificate
 * ({@code ClientIdentity.getId()}).
 *
 * <pre>{@code
 * String me = QualifiedId.of(connection);                 // the signer of a connection
 * String voter = QualifiedId.ofProfileUser("org2:User3"); // a user of a connection profile
 * }</pre>
 */
public final class QualifiedId {
    private QualifiedId() {
    }

    /** The name of {@code certificate} as an identity of {@code mspId}. */
    @SuppressWarnings("deprecation") // getSubjectDN().getName() is the exact form the shim prints
    public static String of(String mspId, X509Certificate certificate) {
        return mspId + "/x509::" + certificate.getSubjectDN().getName() + "::" + certificate.getIssuerDN().getName();
    }

    /** The signing identity of a connection. */
    public static String of(ConnectionConfig config) {
        return of(config.mspId(), read(config.certificate()));
    }

    /**
     * {@code "org2:User3"} — a user of an organisation's connection profile — or a
     * qualified ID given as is ({@code "Org2MSP/x509::…"}).
     */
    public static String ofProfileUser(String spec) {
        if (spec.contains("/x509::")) {
            return spec;
        }
        int colon = spec.indexOf(':');
        if (colon < 1 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("expected PROFILE:USER (e.g. org2:User3) or MSPID/x509::…, got " + spec);
        }
        return of(Profile.load(spec.substring(0, colon)).connection(spec.substring(colon + 1), 0));
    }

    static X509Certificate read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificate " + pem, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + pem, e);
        }
    }
}
