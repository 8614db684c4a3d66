package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The registry of task types (S1.1). Registration validates a definition in
 * full before writing anything and stores it under its own key; only its owner
 * organisation can replace it, as a new revision.
 *
 * <p>Deciding <em>who</em> may register is the caller's job:
 * {@code task:RegisterDefinition} lets any admin of a member organisation do it,
 * and the governance contract calls {@link #register} from {@code gov:Execute}
 * once a proposal granted that right:
 *
 * <pre>{@code
 * Caller proposer = ...;            // checked against the grant
 * String stored = TaskRegistry.register(ledger, proposer, definitionJson);
 * }</pre>
 *
 * Registration emits no event, so the calling transaction keeps its own. A
 * registered definition is not yet <em>active</em>: see {@link DefinitionApprovals}.
 */
public final class TaskRegistry {
    static final String KEY_TYPE = "weft.definition";
    /** One key: whether definitions are registered only through granted governance operations. */
    static final String GOVERNED_TYPE = "weft.governedtasks";

    /** The value under {@link #GOVERNED_TYPE}. */
    record Governed(boolean governed) {
    }

    private TaskRegistry() {
    }

    /**
     * Validates and stores a definition owned by {@code owner}'s organisation,
     * which approves it (when it participates). The owner may replace its own
     * definition with different content: a new revision, which every participant
     * must approve again.
     *
     * @return the stored definition as canonical JSON, with its approvals
     * @throws WeftException BAD_REQUEST / TOO_LARGE for malformed or oversized input,
     *                       INVALID_DEFINITION for a graph that is not a DAG of known members'
     *                       subtasks, ALREADY_EXISTS when the ID is another organisation's or the
     *                       content is unchanged
     */
    public static String register(Ledger ledger, Caller owner, String definitionJson) {
        return register(ledger, owner, definitionJson, List.of(owner.mspId()), "RegisterDefinition");
    }

    /**
     * Registers a definition a governance proposal granted: the organisations
     * that voted yes ({@code approvingOrgs}) approve it; the other participants
     * still have to.
     */
    public static String registerGoverned(Ledger ledger, Caller grantee, String definitionJson, String proposalId,
            Collection<String> approvingOrgs) {
        return register(ledger, grantee, definitionJson, approvingOrgs, "proposal:" + proposalId);
    }

    private static String register(Ledger ledger, Caller owner, String definitionJson,
            Collection<String> approvingOrgs, String via) {
        Definition.Draft draft = Json.parseArgument("task definition", definitionJson, Definition.Draft.class);
        Definition definition = validate(draft, Members.of(ledger), owner, ledger);
        String key = key(ledger, definition.id());
        Optional<Definition> existing = ledger.get(key, Definition.class);
        if (existing.isPresent()) {
            Definition old = existing.get();
            if (!old.ownerMsp().equals(owner.mspId())) {
                throw WeftException.of(ErrorCode.ALREADY_EXISTS, "task definition %s is already registered by %s",
                        definition.id(), old.ownerMsp());
            }
            if (old.contentDigest().equals(definition.contentDigest())) {
                throw WeftException.of(ErrorCode.ALREADY_EXISTS,
                        "task definition %s is already registered with this content (revision %d)",
                        definition.id(), old.revision());
            }
            definition = definition.revised(old.revision() + 1);
        }
        ledger.put(key, definition);
        return Json.write(DefinitionApprovals.view(ledger, definition,
                DefinitionApprovals.record(ledger, definition, owner, approvingOrgs, via)));
    }

    public static Optional<Definition> find(Ledger ledger, String id) {
        return ledger.get(key(ledger, Checks.name("definition ID", id)), Definition.class);
    }

    public static Definition require(Ledger ledger, String id) {
        return find(ledger, id).orElseThrow(
                () -> WeftException.of(ErrorCode.NOT_FOUND, "task definition %s does not exist", id));
    }

    /** Every definition, in ID order. */
    public static List<Definition> list(Ledger ledger) {
        return ledger.list(Definition.class, KEY_TYPE);
    }

    static String key(Ledger ledger, String id) {
        return ledger.key(KEY_TYPE, id);
    }

    /**
     * Whether {@code task:RegisterDefinition} is closed, so that definitions come only
     * through a granted REGISTER_TASK_DEFINITION operation. The governance contract sets
     * it together with its settings ({@code "governTaskDefinitions"}); the task package
     * reads it here and knows nothing of governance.
     */
    public static boolean governed(Ledger ledger) {
        return ledger.get(ledger.key(GOVERNED_TYPE), Governed.class).map(Governed::governed).orElse(false);
    }

    /** Sets {@link #governed}; writes only when it changes. */
    public static void setGoverned(Ledger ledger, boolean governed) {
        if (governed(ledger) != governed) {
            ledger.put(ledger.key(GOVERNED_TYPE), new Governed(governed));
        }
    }

    private static Definition validate(Definition.Draft draft, Set<String> members, Caller owner, Ledger ledger) {
        String id = Checks.name("definition ID", draft.id());
        String description = draft.description() == null ? "" : draft.description();
        if (description.length() > Checks.MAX_DESCRIPTION) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "description exceeds %d characters", Checks.MAX_DESCRIPTION);
        }
        List<Definition.DraftSubtask> drafts = draft.subtasks();
        if (drafts == null || drafts.isEmpty()) {
            throw WeftException.of(ErrorCode.INVALID_DEFINITION, "definition %s has no subtasks", id);
        }
        if (drafts.size() > Checks.MAX_SUBTASKS) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "definition has %d subtasks; the limit is %d",
                    drafts.size(), Checks.MAX_SUBTASKS);
        }
        List<Definition.SubtaskSpec> specs = new ArrayList<>();
        for (Definition.DraftSubtask d : drafts) {
            if (d == null) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "a subtask of definition %s is null", id);
            }
            specs.add(subtask(d, members));
        }
        DagValidator.requireUniqueNames(specs.stream().map(Definition.SubtaskSpec::name).toList());
        Map<String, List<String>> graph = new LinkedHashMap<>();
        specs.forEach(s -> graph.put(s.name(), s.dependsOn()));
        DagValidator.validate(graph);
        Map<String, Integer> order = new LinkedHashMap<>();
        specs.forEach(s -> order.put(s.name(), order.size()));
        List<Definition.SubtaskSpec> normalised = specs.stream()
                .map(s -> new Definition.SubtaskSpec(s.name(), s.operation(), s.participants(),
                        s.dependsOn().stream().sorted(Comparator.comparing(order::get)).toList(),
                        s.parameters(), s.creatorParameters(), s.timeoutSeconds(), s.collaborative()))
                .toList();
        Definition unsigned = new Definition(id, description, normalised, owner.mspId(), owner.qualifiedId(),
                ledger.txTime().toString(), ledger.txId(), 1, null);
        return unsigned.revised(1);
    }

    private static Definition.SubtaskSpec subtask(Definition.DraftSubtask d, Set<String> members) {
        String name = Checks.name("subtask name", d.name());
        String operation = Checks.operation(name, d.operation());
        if (d.participants() == null || d.participants().isEmpty()) {
            throw WeftException.of(ErrorCode.INVALID_DEFINITION, "subtask %s has no participants", name);
        }
        if (d.participants().size() > Checks.MAX_PARTICIPANTS) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "subtask %s has %d participants; the limit is %d",
                    name, d.participants().size(), Checks.MAX_PARTICIPANTS);
        }
        TreeSet<String> participants = new TreeSet<>();
        for (String msp : d.participants()) {
            Checks.name("participant of subtask " + name, msp);
            if (!members.contains(msp)) {
                throw WeftException.of(ErrorCode.INVALID_DEFINITION,
                        "participant %s of subtask %s is not a member organisation", msp, name);
            }
            if (!participants.add(msp)) {
                throw WeftException.of(ErrorCode.INVALID_DEFINITION, "subtask %s lists participant %s twice",
                        name, msp);
            }
        }
        List<String> dependsOn = d.dependsOn() == null ? List.of() : d.dependsOn();
        for (String dep : dependsOn) {
            Checks.name("dependency of subtask " + name, dep);
        }
        int timeout = d.timeoutSeconds() == null ? Checks.DEFAULT_TIMEOUT_SECONDS : d.timeoutSeconds();
        if (timeout < Checks.MIN_TIMEOUT_SECONDS || timeout > Checks.MAX_TIMEOUT_SECONDS) {
            throw WeftException.of(ErrorCode.INVALID_DEFINITION, "timeoutSeconds of subtask %s must be %d..%d",
                    name, Checks.MIN_TIMEOUT_SECONDS, Checks.MAX_TIMEOUT_SECONDS);
        }
        SortedMap<String, String> defaults = Checks.parameters("parameters of subtask " + name, d.parameters());
        boolean collaborative = Boolean.TRUE.equals(d.collaborative());
        if (collaborative && participants.size() < 2) {
            throw WeftException.of(ErrorCode.INVALID_DEFINITION,
                    "collaborative subtask %s needs at least two participants to exchange data", name);
        }
        return new Definition.SubtaskSpec(name, operation, List.copyOf(participants), dependsOn, defaults,
                CreatorParameters.declared(name, d.creatorParameters(), defaults), timeout, collaborative);
    }
}
