package dev.weft.gateway.api;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.gateway.json.Json;
import dev.weft.proto.gateway.v1.Notice;
import dev.weft.proto.gateway.v1.WatchNoticesRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.InMemoryCheckpointer;

/**
 * One subscriber's stream of governance notices (S2.6): the organisation's notices
 * from the resume point on, narrowed to one identity when the subscriber names
 * itself — a vote request then carries only the slots that identity may vote in
 * (its own named slot, and the organisation's slot when it is an admin, as the
 * chaincode decides by NodeOU).
 */
final class NoticeFeed {
    /** NodeOU "admin" in a subject DN ("CN=Admin@org2.example.com, OU=admin, L=…"). */
    private static final java.util.regex.Pattern ADMIN_OU =
            java.util.regex.Pattern.compile("(^|,)\\s*OU=admin\\s*(,|$)");
    private final Supplier<ChainClient> chain;
    private final String mspId;

    NoticeFeed(Supplier<ChainClient> chain, String mspId) {
        this.chain = chain;
        this.mspId = mspId;
    }

    /** Starts following; the caller closes what it returns when the subscriber leaves. */
    GovernanceNotices follow(WatchNoticesRequest request, Consumer<Notice> subscriber) {
        String identity = request.getIdentity();
        if (!identity.isEmpty() && !identity.startsWith(mspId + "/")) {
            throw new ApiException(io.grpc.Status.PERMISSION_DENIED, "this gateway serves " + mspId
                    + "'s users, not " + identity);
        }
        String caller = TlsCaller.commonName();
        if (!identity.isEmpty() && !caller.isEmpty() && !caller.equals(TlsCaller.commonNameOfIdentity(identity))) {
            throw new ApiException(io.grpc.Status.PERMISSION_DENIED, "the TLS client certificate is " + caller
                    + "'s; the notices of " + TlsCaller.commonNameOfIdentity(identity) + " are theirs");
        }
        InMemoryCheckpointer resume = new InMemoryCheckpointer();
        long start;
        if (request.hasAfterBlock()) {
            if (request.getAfterTransaction().isEmpty()) {
                resume.checkpointBlock(request.getAfterBlock());
            } else {
                resume.checkpointTransaction(request.getAfterBlock(), request.getAfterTransaction());
            }
            start = resume.getBlockNumber().orElse(request.getAfterBlock() + 1);
        } else {
            start = chain.get().blockHeight();
        }
        return GovernanceNotices.start(chain, mspId, start, resume,
                notice -> narrow(notice, identity).ifPresent(subscriber));
    }

    /** The subject part of "MSP/x509::<subject>::<issuer>". */
    private static String subject(String identity) {
        int start = identity.indexOf("x509::");
        String rest = start < 0 ? identity : identity.substring(start + 6);
        int end = rest.indexOf("::");
        return end < 0 ? rest : rest.substring(0, end);
    }

    /** The notice as {@code identity} sees it; empty when it is not addressed to it. */
    Optional<Notice> narrow(GovernanceNotices.Notice notice, String identity) {
        List<String> slots = notice.slots();
        if (notice.kind() == GovernanceNotices.Kind.VOTE_REQUESTED && !identity.isEmpty()) {
            boolean admin = ADMIN_OU.matcher(subject(identity)).find();
            slots = slots.stream().filter(s -> s.equals("id:" + identity)
                    || admin && s.equals("org:" + mspId)).toList();
            if (slots.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(Notice.newBuilder().setKind(notice.kind().name()).setProposalId(notice.proposalId())
                .addAllSlots(slots).setText(notice.describe())
                .setProposalJson(Json.CONTRACT.write(notice.proposal())).setBlock(notice.blockNumber())
                .setTransactionId(notice.transactionId()).build());
    }
}
