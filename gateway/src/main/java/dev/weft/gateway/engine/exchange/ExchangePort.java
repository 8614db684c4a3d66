package dev.weft.gateway.engine.exchange;

import dev.weft.gateway.transport.GrpcServers;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.exchange.v1.Ack;
import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.ItemAddress;
import dev.weft.proto.exchange.v1.LinkAnswer;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange port of an organisation's standard engine (S1.10): mutual TLS with the
 * organisation's Fabric TLS identity, accepting a caller whose certificate a member
 * organisation's TLS CA issued; the issuing CA names the calling organisation, which
 * must be the item's sender ({@link ExchangeHub#accept}).
 *
 * <pre>{@code
 * ExchangeHub hub = new ExchangeHub("Org1MSP", ExchangePort.clientCredentials(tls, trust), timer, clock, life);
 * ExchangePort port = ExchangePort.start("127.0.0.1", 7090, tls, trust, hub);
 * }</pre>
 */
public final class ExchangePort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangePort.class);
    /** The largest item the port takes (and a client reads): 96 MiB. */
    public static final int MAX_ITEM_BYTES = 96 * 1024 * 1024;
    /** HTTP/2 flow-control window of both ends: 8 MiB, so a fetch of 1 MiB chunks keeps several in flight. */
    static final int FLOW_WINDOW = 8 * 1024 * 1024;
    private static final Context.Key<String> CALLER = Context.key("weft-exchange-caller");

    private final Server server;
    private final Caller caller;

    private ExchangePort(Server server, Caller caller) {
        this.server = server;
        this.caller = caller;
    }

    /** How a hub calls the other organisations' ports: {@code tls}'s certificate, the members' CAs as trust. */
    public static ChannelCredentials clientCredentials(TlsMaterial tls, ExchangeTrust trust) {
        return tls.clientCredentials(trust.trustManager());
    }

    public static ExchangePort start(String bindHost, int port, TlsMaterial tls, ExchangeTrust trust, ExchangeHub hub) {
        Caller caller = new Caller(trust);
        Server server = GrpcServers.start(GrpcServers.on(bindHost, port, tls.serverCredentials(trust.trustManager()))
                .maxInboundMessageSize(MAX_ITEM_BYTES).flowControlWindow(FLOW_WINDOW)
                .addService(ServerInterceptors.intercept(new Service(hub), caller)),
                "exchange port " + bindHost + ":" + port);
        hub.advertiseIfUnset(bindHost + ":" + server.getPort());
        LOG.info("exchange of {} listening on {}:{} (mutual TLS, member organisations {})", hub.self(), bindHost,
                server.getPort(), trust.organisations());
        return new ExchangePort(server, caller);
    }

    public int port() {
        return server.getPort();
    }

    /** Protocol and cipher suite of the last call's TLS session (e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256}), or null. */
    public String negotiated() {
        return caller.negotiated;
    }

    @Override
    public void close() {
        GrpcServers.stop(server);
    }

    /** Puts the calling organisation (the member CA that issued the client certificate) in the call's context. */
    private static final class Caller implements ServerInterceptor {
        private final ExchangeTrust trust;
        private volatile String negotiated;

        Caller(ExchangeTrust trust) {
            this.trust = trust;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            String msp = organisation(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            if (msp == null) {
                call.close(Status.UNAUTHENTICATED.withDescription("no certificate of a member organisation"),
                        new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return Contexts.interceptCall(Context.current().withValue(CALLER, msp), call, headers, next);
        }

        private String organisation(SSLSession session) {
            if (session == null) {
                return null;
            }
            negotiated = session.getProtocol() + " " + session.getCipherSuite()
                    + (session.getClass().getName().contains("OpenSsl") ? " (OpenSSL engine)" : " (JSSE)");
            try {
                Certificate[] chain = session.getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate x509
                        ? trust.organisationOf(x509).orElse(null) : null;
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }
    }

    private static final class Service extends ExchangeGrpc.ExchangeImplBase {
        private final ExchangeHub hub;

        Service(ExchangeHub hub) {
            this.hub = hub;
        }

        @Override
        public void deliver(Item item, StreamObserver<Ack> response) {
            try {
                response.onNext(hub.accept(CALLER.get(), item));
                response.onCompleted();
            } catch (StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void negotiate(ItemAddress offer, StreamObserver<LinkAnswer> response) {
            try {
                response.onNext(hub.negotiate(CALLER.get(), offer));
                response.onCompleted();
            } catch (StatusRuntimeException e) {
                response.onError(e);
            }
        }

        @Override
        public void fetch(ItemAddress request, StreamObserver<Chunk> response) {
            hub.serve(CALLER.get(), request, response);
        }
    }
}
