package dev.weft.gateway.chain;

import dev.weft.gateway.transport.GrpcChannels;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.Checkpointer;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the Weft chaincode through one peer's gateway service.
 *
 * <pre>{@code
 * try (ChainClient chain = ChainClient.connect(Profile.load("org1").connection("User1", 0))) {
 *     Committed tx = chain.submit("system:Ping", "hello");
 *     byte[] version = chain.evaluate("system:Version");
 * }
 * }</pre>
 *
 * Submissions whose commit fails with an MVCC or phantom conflict are endorsed
 * and submitted again, up to {@link RetryPolicy#maxAttempts()} times. A
 * {@link Target} sends a call to another chaincode of the channel, or has it
 * endorsed only by chosen organisations' peers (the node-logic routing of S2.9):
 *
 * <pre>{@code
 * chain.submit(new ChainClient.Target("asset_v1", List.of("Org2MSP", "Org3MSP")), "CreateAsset", "a1", "bob", "5");
 * }</pre>
 */
public final class ChainClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainClient.class);

    private final ConnectionConfig config;
    private final ManagedChannel grpc;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;
    private final RetryPolicy retry;
    private final Fence fence;
    private final SubmitListener listener;
    /** How long a call waits for the peer's discovery to have an endorsement plan (issue 8). */
    public static final java.time.Duration PLAN_WAIT = java.time.Duration.ofSeconds(60);
    /** The contract API's metadata function: every chaincode of the channel answers it. */
    private static final String METADATA = "org.hyperledger.fabric:GetMetadata";

    /** A committed transaction: ID, block, return value, endorsements made, and MVCC/phantom conflicts among them. */
    public record Committed(String transactionId, long blockNumber, byte[] result, int attempts, int conflicts) {
        public String resultText() {
            return new String(result, StandardCharsets.UTF_8);
        }
    }

    /**
     * Where a call goes: a chaincode of the channel (null: the connection's), the
     * organisations whose peers must endorse it (empty: the gateway peer picks
     * endorsers from the endorsement policy), and transient fields it carries (never
     * on the ledger; a node-logic call names its route and class in them, S2.9).
     */
    public record Target(String chaincode, List<String> endorsingOrgs, java.util.Map<String, String> transients) {
        public static final Target DEFAULT = new Target(null, List.of());

        public Target {
            endorsingOrgs = endorsingOrgs == null ? List.of() : List.copyOf(endorsingOrgs);
            transients = transients == null ? java.util.Map.of() : java.util.Map.copyOf(transients);
        }

        public Target(String chaincode, List<String> endorsingOrgs) {
            this(chaincode, endorsingOrgs, java.util.Map.of());
        }
    }

    private ChainClient(ConnectionConfig config, ManagedChannel grpc, Gateway gateway, RetryPolicy retry,
            Fence fence, SubmitListener listener) {
        this.config = config;
        this.grpc = grpc;
        this.gateway = gateway;
        this.network = gateway.getNetwork(config.channel());
        this.contract = network.getContract(config.chaincode());
        this.retry = retry;
        this.fence = fence;
        this.listener = listener;
    }

    public static ChainClient connect(ConnectionConfig config) {
        return connect(config, RetryPolicy.DEFAULT);
    }

    public static ChainClient connect(ConnectionConfig config, RetryPolicy retry) {
        return connect(config, retry, Fence.NONE);
    }

    /** A connection whose submissions carry {@code fence}'s epoch, for a member of a gateway cluster. */
    public static ChainClient connect(ConnectionConfig config, RetryPolicy retry, Fence fence) {
        return connect(config, retry, fence, SubmitListener.NONE);
    }

    /** As above, telling {@code listener} of every transaction sent to the orderer. */
    public static ChainClient connect(ConnectionConfig config, RetryPolicy retry, Fence fence,
            SubmitListener listener) {
        ManagedChannel grpc = null;
        try {
            grpc = GrpcChannels.toPeer(config.peerEndpoint(), config.tlsRootCertificate(), config.peerHostOverride())
                    .build();
            Gateway gateway = Gateway.newInstance()
                    .identity(ClientIdentity.identity(config))
                    .signer(ClientIdentity.signer(config))
                    .hash(org.hyperledger.fabric.client.Hash.SHA256)
                    .connection(grpc)
                    .evaluateOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(120, TimeUnit.SECONDS))
                    .connect();
            return new ChainClient(config, grpc, gateway, retry, Objects.requireNonNull(fence, "fence"),
                    Objects.requireNonNull(listener, "listener"));
        } catch (IOException | CertificateException | InvalidKeyException | RuntimeException e) {
            if (grpc != null) {
                grpc.shutdownNow();
            }
            throw new ChainException(ChainException.Stage.CONNECT, "CONNECT_FAILED", null,
                    "cannot connect to " + config.peerEndpoint() + " as " + config.mspId() + ": " + e.getMessage(), e);
        }
    }

    public ConnectionConfig config() {
        return config;
    }

    public Network network() {
        return network;
    }

    /** Endorses, submits and waits for the commit, retrying conflicts. */
    public Committed submit(String function, String... args) {
        return submit(Target.DEFAULT, function, args);
    }

    /** As {@link #submit(String, String...)}, sent to {@code target}. */
    public Committed submit(Target target, String function, String... args) {
        PlanWait planWait = new PlanWait(config, target, function, PLAN_WAIT);
        int conflicts = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                Proposal.Builder builder = proposal(target, function, args);
                // Asked again on every attempt: a member deposed between attempts sends nothing more.
                fence.epochFor(function).ifPresent(epoch -> builder.putTransient(Fence.EPOCH_FIELD,
                        Long.toString(epoch).getBytes(StandardCharsets.UTF_8)));
                SubmittedTransaction tx = builder.build().endorse().submitAsync();
                listener.sent(function, args);
                Status status = tx.getStatus();
                if (status.isSuccessful()) {
                    PeerCatchUp.committed(config.channel(), status.getBlockNumber());
                    return new Committed(tx.getTransactionId(), status.getBlockNumber(), tx.getResult(), attempt,
                            conflicts);
                }
                ChainException failed = new ChainException(ChainException.Stage.COMMIT, status.getCode().name(),
                        tx.getTransactionId(), "transaction " + tx.getTransactionId() + " was not committed: "
                        + status.getCode(), null);
                if (!failed.isConflict() || attempt >= retry.maxAttempts()) {
                    throw failed;
                }
                conflicts++;
                LOG.debug("{} hit {}; retrying (attempt {})", function, status.getCode(), attempt + 1);
            } catch (ChainException e) {
                throw e;
            } catch (Exception e) {
                ChainException ce = ChainErrors.translate(ChainException.Stage.ENDORSE, e);
                boolean caughtUp = attempt < retry.maxAttempts() && behind(ce, function);
                if (caughtUp || attempt < retry.maxAttempts() && ChainException.ENDORSERS_DIVERGED.equals(ce.code())) {
                    // an endorser had not committed the latest block yet: endorse again once it has
                    LOG.debug("{}: {}; endorsing again (attempt {})", function, ce.code(), attempt + 1);
                    if (!caughtUp) {
                        retry.pause(attempt);
                    }
                    continue;
                }
                planWait.pauseOrThrow(ce);
                attempt--;
                continue;
            }
            retry.pause(attempt);
        }
    }

    public byte[] evaluate(String function, String... args) {
        return evaluate(Target.DEFAULT, function, args);
    }

    /** Evaluates on a peer of {@code target}'s organisations (any peer when it names none). */
    public byte[] evaluate(Target target, String function, String... args) {
        PlanWait planWait = new PlanWait(config, target, function, PLAN_WAIT);
        for (boolean waited = false; ; ) {
            try {
                return proposal(target, function, args).build().evaluate();
            } catch (Exception e) {
                ChainException ce = ChainErrors.translate(ChainException.Stage.EVALUATE, e);
                if (!waited && behind(ce, function)) {
                    waited = true;
                    continue;
                }
                planWait.pauseOrThrow(ce);
            }
        }
    }

    /** A NOT_FOUND from a peer behind a block this process saw committed, waited for ({@link PeerCatchUp}). */
    private boolean behind(ChainException refused, String function) {
        return refused.is(ErrorCode.NOT_FOUND) && PeerCatchUp.waitedFor(this::blockHeight,
                PeerCatchUp.highest(config.channel()), PeerCatchUp.LIMIT, function);
    }

    /**
     * Waits until the gateway peer's discovery has an endorsement plan for
     * {@code chaincode} (issue 8: after a deploy, gossip takes a while to tell
     * each peer which peers serve it), by endorsing, never submitting, a call of
     * the contract API's metadata function; any answer but NO_ENDORSEMENT_PLAN
     * means there is a plan. Returns how long it waited.
     *
     * @throws ChainException NO_ENDORSEMENT_PLAN, saying what it waited for, when {@code timeout} passes
     */
    public java.time.Duration awaitEndorsementPlan(String chaincode, java.time.Duration timeout) {
        long start = System.nanoTime();
        Target target = new Target(chaincode, List.of());
        PlanWait planWait = new PlanWait(config, target, METADATA, timeout);
        while (true) {
            try {
                proposal(target, METADATA).build().endorse();
                break;
            } catch (Exception e) {
                ChainException ce = ChainErrors.translate(ChainException.Stage.ENDORSE, e);
                if (!ChainException.NO_ENDORSEMENT_PLAN.equals(ce.code())) {
                    break;
                }
                planWait.pauseOrThrow(ce);
            }
        }
        return java.time.Duration.ofNanos(System.nanoTime() - start);
    }

    private Proposal.Builder proposal(Target target, String function, String... args) {
        Contract c = target.chaincode() == null ? contract : network.getContract(target.chaincode());
        Proposal.Builder builder = c.newProposal(function).addArguments(args);
        target.transients().forEach(builder::putTransient);
        if (!target.endorsingOrgs().isEmpty()) {
            builder.setEndorsingOrganizations(target.endorsingOrgs().toArray(String[]::new));
        }
        return builder;
    }

    public String evaluateText(String function, String... args) {
        return new String(evaluate(function, args), StandardCharsets.UTF_8);
    }

    /** The channel's current height: the number the next block will get. */
    public long blockHeight() {
        try {
            byte[] info = network.getContract("qscc").evaluateTransaction("GetChainInfo", config.channel());
            return org.hyperledger.fabric.protos.common.BlockchainInfo.parseFrom(info).getHeight();
        } catch (Exception e) {
            throw ChainErrors.translate(ChainException.Stage.EVALUATE, e);
        }
    }

    /** Chaincode events from {@code startBlock}, or from the checkpoint when it has one. */
    public CloseableIterator<ChaincodeEvent> events(long startBlock, Checkpointer checkpointer) {
        try {
            var request = network.newChaincodeEventsRequest(config.chaincode()).startBlock(startBlock);
            if (checkpointer != null) {
                request.checkpoint(checkpointer);
            }
            return request.build().getEvents();
        } catch (Exception e) {
            throw ChainErrors.translate(ChainException.Stage.EVENTS, e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
