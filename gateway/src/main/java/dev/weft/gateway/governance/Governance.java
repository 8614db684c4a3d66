package dev.weft.gateway.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.Page;
import dev.weft.gateway.json.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code gov} contract as the gateway and CLI use it (S2.1–S2.6): one method
 * per function, answers as JSON trees. Refusals surface as the
 * {@link ChainException} the client raises, with the chaincode's code
 * ({@code FORBIDDEN}, {@code CONFLICT}, …).
 *
 * <pre>{@code
 * Governance gov = new Governance(chain);
 * Governance.Submitted p = gov.propose(Json.CONTRACT.write(Map.of("operation", operation)));
 * gov.vote(p.value().path("id").asText(), Governance.Choice.YES);
 * }</pre>
 */
public final class Governance {
    /** The chaincode events governance emits. */
    public static final String VOTE_REQUESTED = "weft.gov.vote-requested";
    public static final String VOTED = "weft.gov.voted";
    public static final String DECIDED = "weft.gov.decided";
    public static final String CANCELLED = "weft.gov.cancelled";
    public static final String EXECUTED = "weft.gov.executed";
    public static final String BOOTSTRAPPED = "weft.gov.bootstrapped";
    /** Proposal statuses and the grant status that means "not used yet". */
    public static final String OPEN = "OPEN";
    public static final String PASSED = "PASSED";
    public static final String PENDING = "PENDING";
    public static final String ACTIVE = "ACTIVE";

    /** A vote's choice. */
    public enum Choice { YES, NO, ABSTAIN }

    /** A committed transaction, the attempts it took (1 unless it hit an MVCC conflict) and its answer. */
    public record Submitted(String transactionId, long blockNumber, int attempts, JsonNode value) {
    }

    /** How governance's writes reach the chain: straight to the peers, or through the gateway API (S2.6). */
    @FunctionalInterface
    public interface Submitter {
        ChainClient.Committed submit(String function, String... args);
    }

    private final ChainClient chain;
    private final Submitter submitter;

    public Governance(ChainClient chain) {
        this(Objects.requireNonNull(chain, "chain"), chain::submit);
    }

    /**
     * Writes through {@code submitter} (the gateway API, signed by the user); reads on
     * {@code chain}, or none when it is {@code null} (a user who reaches only the gateway).
     */
    public Governance(ChainClient chain, Submitter submitter) {
        this.chain = chain;
        this.submitter = Objects.requireNonNull(submitter, "submitter");
    }

    public ChainClient chain() {
        return chain;
    }

    /** The governance settings; empty while governance is not bootstrapped. */
    public Optional<JsonNode> settings() {
        try {
            return Optional.of(evaluate("gov:GetSettings"));
        } catch (ChainException e) {
            if (e.is(ErrorCode.NOT_INITIALISED)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Confirms the settings for the caller's organisation (an admin of a member organisation); the value is
     * {@code {"settings":…,"digest":…,"confirmedBy":[…],"waitingFor":[…],"active":…}}: the settings are in
     * force once every member organisation confirmed the same ones.
     */
    public Submitted bootstrap(String settingsJson) {
        return submit("gov:Bootstrap", settingsJson);
    }

    /** Records a proposal ({@code {"operation":{…},"description":…,"voters":…}}); the value is the proposal. */
    public Submitted propose(String proposalJson) {
        return submit("gov:Propose", proposalJson);
    }

    /** Casts the caller's vote in every slot it holds; the value lists the votes cast. */
    public Submitted vote(String proposalId, Choice choice) {
        return submit("gov:Vote", proposalId, choice.name());
    }

    /** Decides the proposal (CONFLICT while undecided); the value is {@code {proposal, grant}}. */
    public Submitted tally(String proposalId) {
        return submit("gov:Tally", proposalId);
    }

    public Submitted cancel(String proposalId) {
        return submit("gov:Cancel", proposalId);
    }

    /** Performs the granted operation; the value is {@code {grant, result}}. */
    public Submitted execute(String grantId, JsonNode operation) {
        return submit("gov:Execute", grantId, Json.CONTRACT.write(operation));
    }

    public JsonNode proposal(String proposalId) {
        return evaluate("gov:GetProposal", proposalId);
    }

    /** {@code {proposalId, status, decision, votes}}: the decision a tally would make now. */
    public JsonNode tallyView(String proposalId) {
        return evaluate("gov:GetTally", proposalId);
    }

    public JsonNode grant(String grantId) {
        return evaluate("gov:GetGrant", grantId);
    }

    /** The grant a passed proposal issued, if there is one. */
    public Optional<JsonNode> findGrant(String proposalId) {
        try {
            return Optional.of(grant(proposalId));
        } catch (ChainException e) {
            if (e.is(ErrorCode.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Proposals in {@code status} (empty: all): one page from {@code bookmark}, or with {@code all} the rest. */
    public Page proposals(String status, int pageSize, String bookmark, boolean all) {
        return Page.collect(raw -> evaluate("gov:ListProposals", status == null ? "" : status,
                Integer.toString(pageSize), raw), bookmark, all);
    }

    private Submitted submit(String function, String... args) {
        ChainClient.Committed tx = submitter.submit(function, args);
        return new Submitted(tx.transactionId(), tx.blockNumber(), tx.attempts(), Json.CONTRACT.read(tx.resultText(),
                function));
    }

    private JsonNode evaluate(String function, String... args) {
        if (chain == null) {
            throw new IllegalStateException(function + " reads the chain; this Governance only writes through the gateway");
        }
        return Json.CONTRACT.read(chain.evaluateText(function, args), function);
    }

}
