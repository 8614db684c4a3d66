package dev.weft.gateway.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who calls the gateway API: the common name of the client certificate the
 * mutual-TLS handshake verified ({@code User1@org2.example.com}), or {@code ""}
 * on an in-process transport. A user's own notices are bound to it.
 */
final class TlsCaller implements ServerInterceptor {
    private static final Context.Key<String> COMMON_NAME = Context.key("weft-api-caller");

    static String commonName() {
        String cn = COMMON_NAME.get();
        return cn == null ? "" : cn;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Context context = Context.current().withValue(COMMON_NAME,
                commonName(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static String commonName(SSLSession session) {
        if (session == null) {
            return "";
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509
                    ? commonNameOf(x509.getSubjectX500Principal().getName()) : "";
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
    }

    /** The CN of an X.500 name ("CN=User1@org2.example.com,OU=client,…"), or "" when it has none. */
    static String commonNameOf(String distinguishedName) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return "";
        } catch (InvalidNameException e) {
            return "";
        }
    }

    /**
     * The CN of the subject of an on-chain identity name
     * ("Org2MSP/x509::CN=User1@org2.example.com,OU=client::CN=ca.org2.example.com,…"), or "".
     */
    static String commonNameOfIdentity(String qualifiedId) {
        int start = qualifiedId.indexOf("x509::");
        if (start < 0) {
            return "";
        }
        String rest = qualifiedId.substring(start + 6);
        int end = rest.indexOf("::");
        return commonNameOf(end < 0 ? rest : rest.substring(0, end));
    }
}
