package dev.weft.gateway.cli;

import dev.weft.gateway.api.GatewayApiClient;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.gateway.governance.ProposalViews;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.proto.gateway.v1.Notice;
import dev.weft.proto.gateway.v1.WatchNoticesRequest;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft proposal watch} (S2.2, S2.6): prints, as they happen, the vote
 * requests addressed to your organisation and the decisions and executions of
 * proposals that concern it. With {@code --vote yes|no|abstain} it answers each
 * vote request in the slots the signer holds (S2.3).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow vote requests to your organisation and decisions that concern it; optionally vote.")
final class ProposalWatchCommand implements Callable<Integer> {
    @Mixin ConnectionOptions connection;
    @Mixin OutputOptions output;
    @Mixin GatewayApiOptions gateway;
    @Spec CommandSpec spec;

    @Option(names = "--after-block", description = "With --gateway: resume after this block (the last one seen).")
    Long afterBlock;

    @Option(names = "--after-tx", description = "With --gateway and --after-block: resume after this transaction of it.")
    String afterTx;

    @Option(names = "--organisation", description = "With --gateway: every notice of the organisation, not only "
            + "those addressed to the signing user.")
    boolean organisation;

    @Option(names = "--vote", description = "Answer every vote request with this choice: yes, no or abstain.")
    Governance.Choice vote;

    @Mixin WatchOptions watch;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ConnectionConfig config = connection.toConfig();
        if (gateway.enabled()) {
            return throughGateway(out, config);
        }
        BlockingQueue<GovernanceNotices.Notice> notices = new LinkedBlockingQueue<>();
        try (ChainClient chain = ChainClient.connect(config)) {
            long start = watch.start(chain);
            if (!output.json()) {
                out.println("watching governance for " + config.mspId() + " from block " + start);
                out.flush();
            }
            Governance gov = new Governance(chain);
            try (GovernanceNotices notifier = GovernanceNotices.start(() -> chain, config.mspId(), start,
                    new InMemoryCheckpointer(), notices::add)) {
                watch.drain(notices, n -> {
                    output.print(out, n, "[block " + n.blockNumber() + "] " + n.describe());
                    if (vote != null && n.kind() == GovernanceNotices.Kind.VOTE_REQUESTED) {
                        answer(gov, n, out);
                    }
                }, () -> { });
            }
        }
        return 0;
    }

    /**
     * S2.6: the notices come from the organisation's gateway, addressed to the signing user
     * (or, with --organisation, the organisation); votes go back through it, signed here.
     */
    private int throughGateway(PrintWriter out, ConnectionConfig user) throws InterruptedException {
        String me = QualifiedId.of(user);
        WatchNoticesRequest.Builder request = WatchNoticesRequest.newBuilder().setIdentity(organisation ? "" : me);
        Long after = afterBlock != null ? afterBlock : watch.fromBlock != null ? Long.valueOf(watch.fromBlock - 1) : null;
        if (after != null) {
            request.setAfterBlock(after);
            if (afterTx != null) {
                request.setAfterTransaction(afterTx);
            }
        }
        BlockingQueue<Notice> notices = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> ended = new LinkedBlockingQueue<>();
        try (GatewayApiClient api = gateway.connect(connection, user);
                AutoCloseable subscription = api.watch(request.build(), notices::add, e -> {
                    if (e != null) {
                        ended.add(e);
                    }
                })) {
            if (!output.json()) {
                out.println("watching governance for " + (organisation ? user.mspId() : ProposalViews.who(me))
                        + " through gateway " + gateway.gateway + (after == null ? " from now on" : " after block " + after));
                out.flush();
            }
            Governance gov = GatewayApiOptions.governance(api, user, null);
            watch.drain(notices, n -> {
                java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("kind", n.getKind());
                json.put("proposalId", n.getProposalId());
                json.put("slots", n.getSlotsList());
                json.put("block", n.getBlock());
                json.put("transactionId", n.getTransactionId());
                json.put("text", n.getText());
                output.print(out, json, "[block " + n.getBlock() + "] " + n.getText());
                if (vote != null && n.getKind().equals(GovernanceNotices.Kind.VOTE_REQUESTED.name())) {
                    vote(gov, n.getProposalId(), out);
                }
            }, () -> {
                Throwable failure = ended.poll();
                if (failure != null) {
                    throw new IllegalStateException("the gateway's notice stream ended: " + failure.getMessage(),
                            failure);
                }
            });
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e);
        }
        return 0;
    }

    private void answer(Governance gov, GovernanceNotices.Notice n, PrintWriter out) {
        vote(gov, n.proposalId(), out);
    }

    private void vote(Governance gov, String proposalId, PrintWriter out) {
        try {
            Governance.Submitted s = gov.vote(proposalId, vote);
            if (!output.json()) {
                out.println("  voted " + vote + " in block " + s.blockNumber());
            }
        } catch (ChainException e) {
            // FORBIDDEN: the signer holds none of the slots (e.g. not an admin); ALREADY_EXISTS: voted before.
            if (!output.json()) {
                out.println("  not voted: " + e.code() + " " + e.getMessage());
            }
        }
        out.flush();
    }
}
