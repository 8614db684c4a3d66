package dev.weft.gateway.registry;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is calling the service center: the subject of the client certificate the
 * mutual-TLS handshake verified, or {@code ""} on a plaintext or in-process
 * transport. A framework's name is bound to it (issue 9 item 4).
 */
final class CallerCertificate implements ServerInterceptor {
    private static final Context.Key<String> SUBJECT = Context.key("weft-caller-certificate");

    /** The caller of the current call, {@code ""} when it presented no certificate. */
    static String current() {
        String subject = SUBJECT.get();
        return subject == null ? "" : subject;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Context context = Context.current().withValue(SUBJECT, subject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static String subject(SSLSession session) {
        if (session == null) {
            return "";
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509
                    ? x509.getSubjectX500Principal().getName() : "";
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
    }
}
