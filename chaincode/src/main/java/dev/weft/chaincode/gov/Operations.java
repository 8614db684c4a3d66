package dev.weft.chaincode.gov;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.route.Rollout;
import dev.weft.chaincode.task.TaskRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checks and performs each {@link OperationType}. {@link #normalise} runs when a
 * proposal is made (and again on the request at execution), so a malformed
 * operation is refused before anyone votes on it; {@link #execute} runs only
 * from {@code gov:Execute} against a valid grant and checks the current state.
 */
final class Operations {
    static final String GOVERNANCE_TARGET = "governance";
    static final String MEMBERS_TARGET = "members";
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";

    private Operations() {
    }

    /** The parameters {@code SET_MEMBERS} takes. */
    record MembersParams(List<String> mspIds) {
    }

    /** The operation with its parameters checked and in canonical form. */
    static Operation normalise(Ledger ledger, Operation raw) {
        OperationType type = OperationType.parse(raw.type());
        String target = raw.target();
        if (target == null || !target.matches(NAME)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "operation target must match %s, was %s", NAME, target);
        }
        Map<String, Object> params = raw.params() == null ? Map.of() : raw.params();
        Object normal;
        if (type.routing()) {
            normal = Rollout.normalise(ledger, type.name(), target, params);
        } else {
            normal = switch (type) {
                case REGISTER_TASK_DEFINITION -> taskDefinition(target, params);
                case UPDATE_GOVERNANCE -> settings(ledger, target, params);
                case SET_MEMBERS -> members(target, params);
                default -> throw new IllegalStateException("unhandled operation " + type);
            };
        }
        return new Operation(type.name(), target, asMap(normal));
    }

    /** Performs a granted operation; returns what it produced, for the EXECUTED event. */
    static Object execute(Ledger ledger, Caller grantee, Operation op, String proposalId) {
        OperationType type = OperationType.parse(op.type());
        if (type.routing()) {
            return Rollout.apply(ledger, type.name(), op.target(), op.params(), proposalId);
        }
        return switch (type) {
            case REGISTER_TASK_DEFINITION -> Json.read(TaskRegistry.registerGoverned(ledger, grantee,
                    Json.write(op.params()), proposalId, Voting.yesOrganisations(ledger, proposalId))
                    .getBytes(StandardCharsets.UTF_8), JsonNode.class);
            case UPDATE_GOVERNANCE -> updateSettings(ledger, op.params(), proposalId);
            case SET_MEMBERS -> setMembers(ledger, op.params());
            default -> throw new IllegalStateException("unhandled operation " + type);
        };
    }

    private static Object taskDefinition(String target, Map<String, Object> params) {
        if (!target.equals(params.get("id"))) {
            throw WeftException.of(ErrorCode.BAD_REQUEST,
                    "REGISTER_TASK_DEFINITION target must be the definition's id (%s)", params.get("id"));
        }
        return params;
    }

    private static Object settings(Ledger ledger, String target, Map<String, Object> params) {
        requireTarget(OperationType.UPDATE_GOVERNANCE, target, GOVERNANCE_TARGET);
        GovernanceSettings s = parse(params, GovernanceSettings.class)
                .normalised(Members.of(ledger), 0, ledger, null);
        VoterIdentities.requireKnown(ledger, s.voters());
        return s.content();
    }

    private static GovernanceSettings updateSettings(Ledger ledger, Map<String, Object> params, String proposalId) {
        GovernanceSettings current = GovernanceSettings.require(ledger);
        GovernanceSettings next = parse(params, GovernanceSettings.class)
                .normalised(Members.of(ledger), current.revision() + 1, ledger, proposalId);
        VoterIdentities.requireKnown(ledger, next.voters());
        ledger.put(GovernanceSettings.key(ledger), next);
        TaskRegistry.setGoverned(ledger, next.governTaskDefinitions());
        return next;
    }

    private static Object members(String target, Map<String, Object> params) {
        requireTarget(OperationType.SET_MEMBERS, target, MEMBERS_TARGET);
        MembersParams p = parse(params, MembersParams.class);
        TreeSet<String> set = new TreeSet<>();
        for (String id : p.mspIds() == null ? List.<String>of() : p.mspIds()) {
            if (id == null || !id.matches(NAME)) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "invalid MSP ID %s", id);
            }
            set.add(id);
        }
        if (set.isEmpty()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "SET_MEMBERS needs at least one MSP ID");
        }
        return new MembersParams(List.copyOf(set));
    }

    private static Members.MemberList setMembers(Ledger ledger, Map<String, Object> params) {
        SortedSet<String> next = new TreeSet<>(parse(params, MembersParams.class).mspIds());
        VoterSet voters = GovernanceSettings.require(ledger).voters();
        for (String slot : voters.slots()) {
            String msp = Vote.orgOf(slot);
            if (!next.contains(msp)) {
                throw WeftException.of(ErrorCode.CONFLICT,
                        "%s is a governance voter; remove it with UPDATE_GOVERNANCE first", msp);
            }
        }
        Members.MemberList list = new Members.MemberList(List.copyOf(next));
        ledger.put(Members.key(ledger), list);
        return list;
    }

    private static void requireTarget(OperationType type, String target, String expected) {
        if (!expected.equals(target)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s target must be \"%s\"", type, expected);
        }
    }

    static <T> T parse(Map<String, Object> params, Class<T> type) {
        return Json.parseArgument("operation params", Json.write(params), type);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return Json.read(Json.bytes(value), Map.class);
    }
}
