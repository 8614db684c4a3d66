package dev.weft.gateway.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.transport.GrpcChannels;
import dev.weft.proto.gateway.v1.Committed;
import dev.weft.proto.gateway.v1.Endorsed;
import dev.weft.proto.gateway.v1.PrepareRequest;
import dev.weft.proto.gateway.v1.Prepared;
import dev.weft.proto.gateway.v1.Signed;
import dev.weft.proto.gateway.v1.Submitted;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Commit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Transactions of the organisation's users, prepared and forwarded by the gateway
 * but signed by the users (fabric-gateway offline signing): a gateway connection
 * per user certificate, none with a signer, so the gateway cannot sign for anyone.
 * Only the {@code gov} functions (and {@code route} reads a grant needs) pass.
 */
final class OfflineTransactions implements AutoCloseable {
    /** What users may send through the gateway: governance's writes (S2.6). */
    static final Set<String> FUNCTIONS = Set.of("gov:Propose", "gov:Vote", "gov:Tally", "gov:Cancel",
            "gov:Execute", "gov:ConfirmIdentity", "gov:Bootstrap");

    private final String mspId;
    private final String channel;
    private final String chaincode;
    private final ManagedChannel grpc;
    private final Map<String, Gateway> byCertificate = new ConcurrentHashMap<>();
    private final Gateway forwarding;

    OfflineTransactions(ConnectionConfig config) {
        this.mspId = config.mspId();
        this.channel = config.channel();
        this.chaincode = config.chaincode();
        try {
            this.grpc = GrpcChannels.toPeer(config.peerEndpoint(), config.tlsRootCertificate(),
                    config.peerHostOverride()).build();
            // Forwards what users signed; its identity (the gateway's certificate, no key) signs nothing.
            try (Reader in = Files.newBufferedReader(config.certificate())) {
                this.forwarding = connect(new X509Identity(mspId, Identities.readX509Certificate(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + config.peerEndpoint(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate " + config.certificate(), e);
        }
    }

    Prepared prepare(PrepareRequest request) {
        if (!request.getMspId().equals(mspId)) {
            throw new ApiException(io.grpc.Status.PERMISSION_DENIED, "this gateway serves " + mspId
                    + "'s users; " + request.getMspId() + " has its own");
        }
        if (!FUNCTIONS.contains(request.getFunction())) {
            throw new ApiException(io.grpc.Status.INVALID_ARGUMENT, "the gateway forwards only " + FUNCTIONS
                    + ", not " + request.getFunction());
        }
        String pem = request.getCertificatePem().toString(StandardCharsets.UTF_8);
        Gateway gateway = byCertificate.computeIfAbsent(pem, this::connectFor);
        Proposal proposal = gateway.getNetwork(channel).getContract(chaincode).newProposal(request.getFunction())
                .addArguments(request.getArgumentsList().toArray(String[]::new)).build();
        return Prepared.newBuilder().setTransactionId(proposal.getTransactionId())
                .setProposal(ByteString.copyFrom(proposal.getBytes()))
                .setDigest(ByteString.copyFrom(proposal.getDigest())).build();
    }

    Endorsed endorse(Signed signed) {
        Proposal proposal = forwarding.newSignedProposal(signed.getMessage().toByteArray(),
                signed.getSignature().toByteArray());
        try {
            Transaction tx = proposal.endorse(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS));
            return Endorsed.newBuilder().setTransaction(ByteString.copyFrom(tx.getBytes()))
                    .setDigest(ByteString.copyFrom(tx.getDigest())).setResult(ByteString.copyFrom(tx.getResult()))
                    .build();
        } catch (EndorseException e) {
            throw ApiException.fromGateway("endorse", e);
        }
    }

    Submitted submit(Signed signed) {
        // The commit-status request that submitting builds names the identity of the connection that built it,
        // and the user signs that request next: so it is built on the user's connection, never the forwarder's
        // (whose identity under the user's signature the peer refuses with PERMISSION_DENIED).
        Transaction tx = creatorsGateway(signed.getMessage()).newSignedTransaction(signed.getMessage().toByteArray(),
                signed.getSignature().toByteArray());
        try {
            SubmittedTransaction submitted = tx.submitAsync(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS));
            return Submitted.newBuilder().setTransactionId(submitted.getTransactionId())
                    .setCommitStatusRequest(ByteString.copyFrom(submitted.getBytes()))
                    .setDigest(ByteString.copyFrom(submitted.getDigest())).build();
        } catch (SubmitException e) {
            throw ApiException.fromGateway("submit", e);
        }
    }

    Committed commitStatus(Signed signed) {
        Commit commit = forwarding.newSignedCommit(signed.getMessage().toByteArray(),
                signed.getSignature().toByteArray());
        try {
            Status status = commit.getStatus(o -> o.withDeadlineAfter(120, TimeUnit.SECONDS));
            return Committed.newBuilder().setTransactionId(status.getTransactionId())
                    .setBlock(status.getBlockNumber()).setValid(status.isSuccessful())
                    .setCode(status.getCode().name()).build();
        } catch (CommitStatusException e) {
            throw ApiException.fromGateway("commit status", e);
        }
    }

    /** The connection for the creator of a prepared transaction (fabric-gateway's PreparedTransaction bytes). */
    private Gateway creatorsGateway(ByteString preparedTransaction) {
        SerializedIdentity creator;
        try {
            Envelope envelope = PreparedTransaction.parseFrom(preparedTransaction).getEnvelope();
            Payload payload = Payload.parseFrom(envelope.getPayload());
            creator = SerializedIdentity.parseFrom(SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader())
                    .getCreator());
        } catch (InvalidProtocolBufferException e) {
            throw new ApiException(io.grpc.Status.INVALID_ARGUMENT, "message is not an endorsed transaction");
        }
        if (!creator.getMspid().equals(mspId)) {
            throw new ApiException(io.grpc.Status.PERMISSION_DENIED, "this gateway serves " + mspId
                    + "'s users; " + creator.getMspid() + " has its own");
        }
        return byCertificate.computeIfAbsent(creator.getIdBytes().toString(StandardCharsets.UTF_8), this::connectFor);
    }

    private Gateway connectFor(String pem) {
        try {
            X509Certificate certificate = Identities.readX509Certificate(new StringReader(pem));
            return connect(new X509Identity(mspId, certificate));
        } catch (IOException | CertificateException e) {
            throw new ApiException(io.grpc.Status.INVALID_ARGUMENT, "certificate_pem is not a PEM certificate");
        }
    }

    private Gateway connect(X509Identity identity) {
        return Gateway.newInstance().identity(Objects.requireNonNull(identity)).hash(Hash.SHA256).connection(grpc)
                .connect();
    }

    @Override
    public void close() {
        byCertificate.values().forEach(Gateway::close);
        forwarding.close();
        grpc.shutdownNow();
    }
}
