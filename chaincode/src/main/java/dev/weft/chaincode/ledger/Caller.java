package dev.weft.chaincode.ledger;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.contract.ClientIdentity;

/**
 * Who signed the transaction: MSP ID, the unique identity ID Fabric derives from
 * the certificate, and the NodeOU role carried in the certificate's OU.
 */
public record Caller(String mspId, String id, String role) {

    public static Caller of(ClientIdentity identity) {
        return new Caller(identity.getMSPID(), identity.getId(), roleOf(identity.getX509Certificate()));
    }

    /** NodeOU admins of an organisation act for it in management operations. */
    public boolean isAdmin() {
        return "admin".equals(role);
    }

    /** "Org1MSP/x509::CN=…" — how an identity is named in voter lists and records. */
    public String qualifiedId() {
        return mspId + "/" + id;
    }

    private static String roleOf(X509Certificate cert) {
        if (cert == null) {
            return "";
        }
        String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : dn.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "OU=", 0, 3)) {
                String ou = p.substring(3).toLowerCase(Locale.ROOT);
                if (ou.equals("admin") || ou.equals("client") || ou.equals("peer") || ou.equals("orderer")) {
                    return ou;
                }
            }
        }
        return "";
    }
}
