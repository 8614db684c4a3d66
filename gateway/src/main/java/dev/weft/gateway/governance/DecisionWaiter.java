package dev.weft.gateway.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.EventSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one proposal until it is decided, and decides it as soon as the
 * outcome is certain (S2.3, S2.4): every vote event of the proposal triggers a
 * {@code gov:GetTally}; when that no longer says PENDING — enough votes, or the
 * deadline passed — the waiter submits {@code gov:Tally}. A quiet poll interval
 * also triggers a check, so a missed event only delays the decision.
 *
 * <pre>{@code
 * try (DecisionWaiter w = DecisionWaiter.start(gov, proposalId, proposedInBlock, Duration.ofSeconds(5))) {
 *     DecisionWaiter.Outcome o = w.await(Duration.ofMinutes(10), tally -> show(tally));
 *     if (o.passed()) { gov.execute(proposalId, o.proposal().path("operation")); }
 * }
 * }</pre>
 */
public final class DecisionWaiter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionWaiter.class);
    public static final Duration DEFAULT_POLL = EventSignal.DEFAULT_POLL;

    /** The proposal as last read; {@code timedOut} when the wait ended while it was still open. */
    public record Outcome(JsonNode proposal, boolean timedOut) {
        public String status() {
            return proposal.path("status").asText();
        }

        public boolean passed() {
            return Governance.PASSED.equals(status());
        }
    }

    private final Governance gov;
    private final String proposalId;
    private final EventSignal signal;

    private DecisionWaiter(Governance gov, String proposalId, EventSignal signal) {
        this.gov = gov;
        this.proposalId = proposalId;
        this.signal = signal;
    }

    /** Subscribes to the proposal's events from {@code startBlock} on. */
    public static DecisionWaiter start(Governance gov, String proposalId, long startBlock, Duration poll) {
        Objects.requireNonNull(gov, "gov");
        Objects.requireNonNull(proposalId, "proposalId");
        return new DecisionWaiter(gov, proposalId, EventSignal.start(gov::chain, startBlock, poll, event ->
                proposalId.equals(ProposalEvents.proposalId(event.getEventName(), event.getPayload()))));
    }

    /**
     * Hands {@code onProgress} the tally view ({@code gov:GetTally}) first and
     * whenever it changes, until the proposal is no longer OPEN or {@code timeout}
     * (null: no limit) has passed.
     */
    public Outcome await(Duration timeout, Consumer<JsonNode> onProgress) throws InterruptedException {
        Instant until = timeout == null ? null : Instant.now().plus(timeout);
        JsonNode last = null;
        while (true) {
            JsonNode view = gov.tallyView(proposalId);
            if (!view.equals(last)) {
                last = view;
                onProgress.accept(view);
            }
            if (!Governance.OPEN.equals(view.path("status").asText())) {
                return new Outcome(gov.proposal(proposalId), false);
            }
            if (!Governance.PENDING.equals(view.path("decision").path("outcome").asText()) && decide()) {
                continue;
            }
            if (!signal.await(until)) {
                return new Outcome(gov.proposal(proposalId), true);
            }
        }
    }

    /**
     * Submits the tally; false when the chaincode said CONFLICT — another member
     * tallied first (the next read shows it), or the endorsing peer has not seen
     * the last vote yet (the next event or poll retries).
     */
    private boolean decide() {
        try {
            Governance.Submitted t = gov.tally(proposalId);
            LOG.info("tallied proposal {}: {} in block {}", proposalId,
                    t.value().path("proposal").path("status").asText(), t.blockNumber());
            return true;
        } catch (ChainException e) {
            if (!e.is(ErrorCode.CONFLICT)) {
                throw e;
            }
            LOG.debug("tally of proposal {} refused: {}", proposalId, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        signal.close();
    }
}
