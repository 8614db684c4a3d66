package dev.weft.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.RetryPolicy;
import dev.weft.gateway.governance.DecisionWaiter;
import dev.weft.gateway.governance.Governance;
import dev.weft.gateway.governance.ProposalViews;
import dev.weft.gateway.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Walks a gray upgrade through its phases (S2.7, S2.8): each step — pre-release,
 * gray, switch, rollback, finalize — is a proposal that the voters vote on, that
 * is tallied as soon as its outcome is certain, and whose grant the proposer then
 * executes, changing the routing policy. A step that is still open or passed but
 * not yet executed is continued rather than proposed again, so running the same
 * step command twice is safe.
 *
 * <pre>{@code
 * Rollout rollout = new Rollout(new Governance(chain), new Routes(chain), QualifiedId.of(chain.config()));
 * Rollout.Step s = rollout.step(RolloutOperations.gray("asset", 1000, null, null),
 *         new Rollout.Options("gray 10 %", Rollout.ORG_VOTERS, Duration.ofMinutes(10), null), System.out::println);
 * }</pre>
 */
public final class Rollout {
    /** Reads and executions retried while peers are behind: about 10 s in all. */
    private static final RetryPolicy LAG_RETRY = new RetryPolicy(8, 200, 3_000);
    /** Voters: the governance voters' organisations (one vote each). */
    public static final String ORG_VOTERS = "orgs";
    /** Voters: every governance voter, organisations and named identities. */
    public static final String ALL_VOTERS = "all";

    /** Where a step ended. */
    public enum State { OPEN, EXECUTED, REJECTED, EXPIRED, CANCELLED }

    /**
     * How to run a step: its description, its voters ({@link #ORG_VOTERS},
     * {@link #ALL_VOTERS}), how long to wait for the decision (zero: check once)
     * and how often to re-check while waiting.
     */
    public record Options(String description, String voters, Duration timeout, Duration poll) {
    }

    /** The step's proposal as last read, where it ended, the policy after it, and whether it was resumed. */
    public record Step(State state, JsonNode proposal, JsonNode policy, boolean resumed) {
        public String proposalId() {
            return proposal.path("id").asText();
        }
    }

    private final Governance gov;
    private final Routes routes;
    private final String me;

    /** {@code me}: the caller's qualified ID, to recognise its own pending steps. */
    public Rollout(Governance gov, Routes routes, String me) {
        this.gov = Objects.requireNonNull(gov, "gov");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.me = Objects.requireNonNull(me, "me");
    }

    /** Proposes {@code operation} (or continues the same pending step), waits, and executes it if it passed. */
    public Step step(ObjectNode operation, Options options, Consumer<String> progress) throws InterruptedException {
        String route = operation.path("target").asText();
        Optional<JsonNode> pending = pending(route);
        if (pending.isPresent() && !sameStep(operation, pending.get().path("operation"))) {
            JsonNode p = pending.get();
            throw new IllegalArgumentException("proposal " + p.path("id").asText() + " ("
                    + ProposalViews.operation(p.path("operation")) + ") is " + p.path("status").asText()
                    + " for route " + route + "; finish it (weft rollout advance " + route + "), or cancel it "
                    + "(weft proposal cancel " + p.path("id").asText() + ")");
        }
        if (pending.isPresent()) {
            progress.accept("continuing proposal " + pending.get().path("id").asText() + " ("
                    + ProposalViews.operation(pending.get().path("operation")) + ")");
            return drive(pending.get(), routes.chain().blockHeight(), true, options, progress);
        }
        ObjectNode request = Json.CONTRACT.object();
        request.set("operation", operation);
        if (options.description() != null && !options.description().isEmpty()) {
            request.put("description", options.description());
        }
        JsonNode voters = voters(options.voters());
        if (voters != null) {
            request.set("voters", voters);
        }
        Governance.Submitted proposed = gov.propose(Json.CONTRACT.write(request));
        JsonNode p = proposed.value();
        progress.accept("proposed " + ProposalViews.operation(p.path("operation")) + " as proposal "
                + p.path("id").asText() + " in block " + proposed.blockNumber() + "; voters: "
                + String.join(" ", slots(p.path("voters"))));
        return drive(p, proposed.blockNumber(), false, options, progress);
    }

    /** Continues this caller's pending step of {@code route}: waits, tallies, executes. */
    public Step resume(String route, Options options, Consumer<String> progress) throws InterruptedException {
        JsonNode p = pending(route).orElseThrow(() -> new IllegalArgumentException("no step of route " + route
                + " proposed by you is open or waiting to be executed; start one (rollout advance --gray/--switch/"
                + "--finalize, rollout rollback)"));
        progress.accept("continuing proposal " + p.path("id").asText() + " ("
                + ProposalViews.operation(p.path("operation")) + ")");
        return drive(p, routes.chain().blockHeight(), true, options, progress);
    }

    /** This caller's step of {@code route} that is OPEN, or PASSED with its grant not yet used. */
    public Optional<JsonNode> pending(String route) {
        for (String status : List.of(Governance.OPEN, Governance.PASSED)) {
            for (JsonNode p : gov.proposals(status, 200, "", true).items()) {
                if (!route.equals(p.path("operation").path("target").asText()) || !me.equals(p.path("proposer")
                        .asText()) || !isRouting(p.path("operation").path("type").asText())) {
                    continue;
                }
                if (status.equals(Governance.OPEN) || grantUsable(p.path("id").asText())) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private Step drive(JsonNode proposal, long fromBlock, boolean resumed, Options options, Consumer<String> progress)
            throws InterruptedException {
        String id = proposal.path("id").asText();
        JsonNode p = proposal;
        if (Governance.OPEN.equals(p.path("status").asText())) {
            try (DecisionWaiter waiter = DecisionWaiter.start(gov, id, fromBlock, options.poll())) {
                p = waiter.await(options.timeout(), tally -> progress.accept("  votes: "
                        + ProposalViews.progress(tally))).proposal();
            }
        }
        String status = p.path("status").asText();
        if (Governance.OPEN.equals(status)) {
            return new Step(State.OPEN, p, routes.policy(p.path("operation").path("target").asText()).orElse(null),
                    resumed);
        }
        if (!Governance.PASSED.equals(status)) {
            progress.accept("proposal " + id + " " + status + ": " + p.path("decision").path("reason").asText());
            return new Step(State.valueOf(status), p, routes.policy(p.path("operation").path("target").asText())
                    .orElse(null), resumed);
        }
        progress.accept("proposal " + id + " PASSED: " + p.path("decision").path("reason").asText());
        JsonNode policy;
        if (grantUsable(id)) {
            Governance.Submitted done = execute(id, p.path("operation"));
            policy = done.value().path("result");
            progress.accept("executed grant " + id + " in block " + done.blockNumber() + ": route "
                    + policy.path("name").asText() + " is now " + policy.path("phase").asText());
        } else {
            policy = routes.requirePolicy(p.path("operation").path("target").asText());
        }
        return new Step(State.EXECUTED, p, policy, resumed);
    }

    private boolean grantUsable(String proposalId) {
        return passedGrant(proposalId).filter(g -> Governance.ACTIVE.equals(g.path("status").asText())
                && Instant.parse(g.path("expiresAt").asText()).isAfter(Instant.now())).isPresent();
    }

    /**
     * The grant of a proposal read as PASSED. The tally that passed it wrote the grant in
     * the same transaction, so a peer that does not show it is behind (issue 8): ask
     * again, a bounded number of times, before taking it as absent.
     */
    private Optional<JsonNode> passedGrant(String proposalId) {
        for (int attempt = 1; ; attempt++) {
            Optional<JsonNode> grant = gov.findGrant(proposalId);
            if (grant.isPresent() || attempt >= LAG_RETRY.maxAttempts()) {
                return grant;
            }
            LAG_RETRY.pause(attempt);
        }
    }

    /**
     * Executes the grant. NOT_FOUND or CONFLICT from endorsers is final only when the
     * own view agrees (issue 8): while it still shows the grant ACTIVE, the endorsers
     * are behind and the execution is tried again, a bounded number of times.
     */
    private Governance.Submitted execute(String grantId, JsonNode operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gov.execute(grantId, operation);
            } catch (ChainException e) {
                boolean stateDependent = e.is(ErrorCode.NOT_FOUND, ErrorCode.CONFLICT);
                if (!stateDependent || attempt >= LAG_RETRY.maxAttempts() || !grantUsable(grantId)) {
                    throw e;
                }
                LAG_RETRY.pause(attempt);
            }
        }
    }

    /** Proposal voters for {@code mode}; null means the governance default (every voter). */
    private JsonNode voters(String mode) {
        if (mode == null || ALL_VOTERS.equals(mode)) {
            return null;
        }
        if (!ORG_VOTERS.equals(mode)) {
            throw new IllegalArgumentException("voters must be " + ORG_VOTERS + " or " + ALL_VOTERS + ", was " + mode);
        }
        JsonNode settings = gov.settings().orElseThrow(() -> new IllegalArgumentException(
                "governance is not bootstrapped; run weft proposal bootstrap"));
        JsonNode orgs = settings.path("voters").path("orgs");
        if (orgs.isEmpty() || orgs.size() < settings.path("minVoters").asInt(1)) {
            return null;
        }
        ObjectNode v = Json.CONTRACT.object();
        v.set("orgs", orgs);
        return v;
    }

    /** Whether a pending proposal is the requested step: same type, and every requested parameter as given. */
    static boolean sameStep(JsonNode requested, JsonNode stored) {
        return requested.path("type").asText().equals(stored.path("type").asText())
                && Subset.of(requested.path("params"), stored.path("params"));
    }

    private static boolean isRouting(String type) {
        return List.of("PRE_RELEASE", "GRAY", "SWITCH", "ROLLBACK", "FINALIZE").contains(type);
    }

    private static List<String> slots(JsonNode voters) {
        List<String> out = new ArrayList<>();
        voters.path("orgs").forEach(o -> out.add("org:" + o.asText()));
        voters.path("identities").forEach(i -> out.add("id:" + ProposalViews.who(i.asText())));
        return out;
    }
}
