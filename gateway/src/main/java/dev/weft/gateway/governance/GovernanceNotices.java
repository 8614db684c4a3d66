package dev.weft.gateway.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.EventStream;
import dev.weft.gateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.Checkpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service platform's side of S2.2 and S2.6 for one organisation: follows the
 * governance events and tells the organisation what concerns it — a vote
 * requested from it (its organisation slot or one of its named identities), and
 * the decision, cancellation or execution of a proposal it proposed or votes on.
 * Each notice is logged and handed to the sink (the CLI's {@code proposal watch}
 * prints it and may vote).
 *
 * <pre>{@code
 * try (GovernanceNotices notices = GovernanceNotices.start(() -> chain, "Org2MSP", chain.blockHeight(),
 *         new InMemoryCheckpointer(), notice -> show(notice))) {
 *     ...
 * }
 * }</pre>
 */
public final class GovernanceNotices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GovernanceNotices.class);

    /** What happened to a proposal that concerns the organisation. */
    public enum Kind { VOTE_REQUESTED, DECIDED, CANCELLED, EXECUTED }

    /**
     * One notice: the proposal (for EXECUTED, the used grant, which carries the
     * operation and grantee), for a vote request the organisation's voter slots on
     * it, and for a decision the grant or for an execution what the operation produced.
     */
    public record Notice(Kind kind, String proposalId, JsonNode proposal, List<String> slots, JsonNode result,
            long blockNumber, String transactionId) {
        /** One line for logs and terminals. */
        public String describe() {
            JsonNode op = proposal.path("operation");
            String what = op.path("type").asText() + " " + op.path("target").asText();
            return switch (kind) {
                case VOTE_REQUESTED -> String.format("vote requested on proposal %s: %s, proposed by %s, "
                        + "open until %s; your voter slots: %s", proposalId, what, ProposalViews.who(proposal.path("proposer").asText()),
                        proposal.path("deadline").asText(),
                        String.join(", ", slots.stream().map(ProposalViews::slot).toList()));
                case DECIDED -> String.format("proposal %s (%s) %s: %s", proposalId, what,
                        proposal.path("status").asText(), proposal.path("decision").path("reason").asText());
                case CANCELLED -> String.format("proposal %s (%s) was cancelled by its proposer", proposalId, what);
                case EXECUTED -> String.format("proposal %s (%s) was executed by %s", proposalId, what,
                        ProposalViews.who(proposal.path("grantee").asText(proposal.path("proposer").asText())));
            };
        }
    }

    private final EventStream stream;

    private GovernanceNotices(EventStream stream) {
        this.stream = stream;
    }

    /** Follows the events from {@code startBlock} (or the checkpoint) on, for organisation {@code mspId}. */
    public static GovernanceNotices start(Supplier<ChainClient> chain, String mspId, long startBlock,
            Checkpointer checkpointer, Consumer<Notice> sink) {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(sink, "sink");
        return new GovernanceNotices(EventStream.start(chain, startBlock, checkpointer, handler(mspId, sink)));
    }

    /**
     * The handler that turns {@code weft.gov.*} events into {@code mspId}'s notices, for a
     * stream shared with other consumers ({@link dev.weft.gateway.chain.EventHub}).
     */
    public static EventStream.Handler handler(String mspId, Consumer<Notice> sink) {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(sink, "sink");
        return event -> interpret(mspId, event.getEventName(), event.getPayload(), event.getBlockNumber(),
                event.getTransactionId()).ifPresent(notice -> {
                    LOG.info("{}: {} (block {})", mspId, notice.describe(), notice.blockNumber());
                    sink.accept(notice);
                });
    }

    /** The prefix of the events {@link #handler} reads. */
    public static final String EVENTS = "weft.gov.";

    /** The notice an event gives {@code mspId}, if it concerns it. Pure, so it is tested without a network. */
    static Optional<Notice> interpret(String mspId, String eventName, byte[] payload, long block, String txId) {
        if (ProposalEvents.proposalId(eventName, payload) == null) {
            return Optional.empty();
        }
        JsonNode json = Json.CONTRACT.read(payload, eventName);
        switch (eventName) {
            case Governance.VOTE_REQUESTED -> {
                List<String> mine = new ArrayList<>();
                json.path("voters").forEach(slot -> {
                    if (ofOrg(slot.asText(), mspId)) {
                        mine.add(slot.asText());
                    }
                });
                JsonNode p = json.path("proposal");
                return mine.isEmpty() ? Optional.empty()
                        : Optional.of(new Notice(Kind.VOTE_REQUESTED, p.path("id").asText(), p, List.copyOf(mine),
                                null, block, txId));
            }
            case Governance.DECIDED, Governance.CANCELLED -> {
                JsonNode p = json.path("proposal");
                Kind kind = eventName.equals(Governance.DECIDED) ? Kind.DECIDED : Kind.CANCELLED;
                return concerns(p, mspId) ? Optional.of(new Notice(kind, p.path("id").asText(), p, List.of(),
                        json.path("grant"), block, txId)) : Optional.empty();
            }
            case Governance.EXECUTED -> {
                JsonNode grant = json.path("grant");
                // Every organisation hears of an executed operation: it may change the routing it applies.
                return Optional.of(new Notice(Kind.EXECUTED, grant.path("proposalId").asText(), grant, List.of(),
                        json.path("result"), block, txId));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Whether a voter slot ("org:Org2MSP", "id:Org2MSP/x509::…") belongs to {@code mspId}. */
    static boolean ofOrg(String slot, String mspId) {
        return slot.equals("org:" + mspId) || slot.startsWith("id:" + mspId + "/");
    }

    private static boolean concerns(JsonNode proposal, String mspId) {
        if (proposal.path("proposer").asText().startsWith(mspId + "/")) {
            return true;
        }
        JsonNode voters = proposal.path("voters");
        for (JsonNode org : voters.path("orgs")) {
            if (org.asText().equals(mspId)) {
                return true;
            }
        }
        for (JsonNode id : voters.path("identities")) {
            if (id.asText().startsWith(mspId + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        stream.close();
    }
}
