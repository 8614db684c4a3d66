package dev.weft.gateway.api;

import com.google.protobuf.ByteString;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.transport.GrpcChannels;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.gateway.v1.Committed;
import dev.weft.proto.gateway.v1.Endorsed;
import dev.weft.proto.gateway.v1.Notice;
import dev.weft.proto.gateway.v1.PrepareRequest;
import dev.weft.proto.gateway.v1.Prepared;
import dev.weft.proto.gateway.v1.Signed;
import dev.weft.proto.gateway.v1.Submitted;
import dev.weft.proto.gateway.v1.WatchNoticesRequest;
import dev.weft.proto.gateway.v1.WeftGatewayGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * A user's client of the gateway API (S2.6): transactions go through the
 * organisation's gateway, each digest signed here with the user's own key
 * (which never leaves this process), and the user's governance notices come back
 * as a stream.
 *
 * <pre>{@code
 * try (GatewayApiClient api = GatewayApiClient.connect("127.0.0.1:7073", tls)) {
 *     ChainClient.Committed vote = api.submit(user, "gov:Vote", proposalId, "YES");
 *     try (AutoCloseable watch = api.watch(WatchNoticesRequest.newBuilder().setIdentity(id).build(), print)) { … }
 * }
 * }</pre>
 */
public final class GatewayApiClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final WeftGatewayGrpc.WeftGatewayBlockingStub stub;

    private GatewayApiClient(ManagedChannel channel) {
        this.channel = channel;
        this.stub = WeftGatewayGrpc.newBlockingStub(channel);
    }

    /** Mutual TLS: presents {@code tls}'s certificate, trusts gateways its CA issued. */
    public static GatewayApiClient connect(String endpoint, TlsMaterial tls) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new GatewayApiClient(GrpcChannels.mutualTls(endpoint, tls).build());
    }

    /** For in-process tests. */
    static GatewayApiClient over(ManagedChannel channel) {
        return new GatewayApiClient(channel);
    }

    /**
     * Prepares, signs, endorses, signs, submits, signs and waits: one transaction of
     * {@code user}'s, committed (or a ChainException with the chaincode's code).
     */
    public ChainClient.Committed submit(ConnectionConfig user, String function, String... args) {
        Signer signer = signer(user);
        String txId = null;
        ChainException.Stage stage = ChainException.Stage.ENDORSE;
        try {
            Prepared prepared = stub.withDeadlineAfter(30, TimeUnit.SECONDS).prepare(PrepareRequest.newBuilder()
                    .setMspId(user.mspId()).setCertificatePem(ByteString.copyFrom(Files.readAllBytes(user.certificate())))
                    .setFunction(function).addAllArguments(java.util.List.of(args)).build());
            txId = prepared.getTransactionId();
            Endorsed endorsed = stub.withDeadlineAfter(90, TimeUnit.SECONDS)
                    .endorse(sign(prepared.getProposal(), prepared.getDigest(), signer));
            stage = ChainException.Stage.SUBMIT;
            Submitted submitted = stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .submit(sign(endorsed.getTransaction(), endorsed.getDigest(), signer));
            stage = ChainException.Stage.COMMIT;
            Committed committed = stub.withDeadlineAfter(150, TimeUnit.SECONDS)
                    .commitStatus(sign(submitted.getCommitStatusRequest(), submitted.getDigest(), signer));
            if (!committed.getValid()) {
                throw new ChainException(ChainException.Stage.COMMIT, committed.getCode(), txId,
                        "transaction " + txId + " was not committed: " + committed.getCode(), null);
            }
            return new ChainClient.Committed(txId, committed.getBlock(), endorsed.getResult().toByteArray(), 1, 0);
        } catch (StatusRuntimeException e) {
            ChainException translated = ChainException.of(stage, e);
            throw new ChainException(translated.stage(), translated.code(), txId, "through the gateway: "
                    + translated.getMessage(), translated.reason(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + user.certificate(), e);
        }
    }

    /**
     * Follows the notices the request selects on a thread of its own, handing each to
     * {@code sink}; {@code onEnd} hears why the stream ended (null when closed here).
     * Closing the returned handle ends the stream.
     */
    public AutoCloseable watch(WatchNoticesRequest request, Consumer<Notice> sink, Consumer<Throwable> onEnd) {
        Context.CancellableContext context = Context.current().withCancellation();
        Thread reader = new Thread(() -> context.run(() -> {
            try {
                Iterator<Notice> notices = WeftGatewayGrpc.newBlockingStub(channel).watchNotices(request);
                while (notices.hasNext()) {
                    sink.accept(notices.next());
                }
                onEnd.accept(new IllegalStateException("the gateway ended the notice stream"));
            } catch (StatusRuntimeException e) {
                onEnd.accept(context.isCancelled() ? null : e);
            }
        }), "weft-notices");
        reader.setDaemon(true);
        reader.start();
        return () -> context.cancel(null);
    }

    private static Signed sign(ByteString message, ByteString digest, Signer signer) {
        try {
            return Signed.newBuilder().setMessage(message)
                    .setSignature(ByteString.copyFrom(signer.sign(digest.toByteArray()))).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the user's key: " + e.getMessage(), e);
        }
    }

    private static Signer signer(ConnectionConfig user) {
        try (Reader in = Files.newBufferedReader(user.privateKey())) {
            return Signers.newPrivateKeySigner(Identities.readPrivateKey(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the user's key " + user.privateKey(), e);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("unusable key " + user.privateKey() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
