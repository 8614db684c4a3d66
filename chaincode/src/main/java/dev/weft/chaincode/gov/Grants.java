package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import dev.weft.chaincode.route.Rollout;
import java.time.Instant;

/**
 * The management request (S2.5): checked against the caller's grant, performed,
 * and the grant consumed in the same transaction, so it can never be used twice.
 */
final class Grants {
    private Grants() {
    }

    /**
     * Performs {@code operationJson} under grant {@code grantId}. Refused unless
     * the caller is the grantee, the grant is unused and unexpired, and the
     * request is exactly the granted operation.
     */
    static GovEvents.Executed execute(Ledger ledger, String grantId, String operationJson) {
        Caller caller = Members.requireMember(ledger);
        Grant grant = require(ledger, grantId);
        if (!grant.grantee().equals(caller.qualifiedId())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "grant %s was issued to another identity", grantId);
        }
        if (Grant.USED.equals(grant.status())) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "grant %s was already used in transaction %s",
                    grantId, grant.usedTx());
        }
        if (Grant.VOID.equals(grant.status())) {
            throw WeftException.of(ErrorCode.CONFLICT, "grant %s was voided by the rollback in transaction %s",
                    grantId, grant.usedTx());
        }
        Instant now = ledger.txTime();
        if (!ledger.certainlyBefore(Instant.parse(grant.expiresAt()))) {
            throw WeftException.of(ErrorCode.EXPIRED, "grant %s expires at %s (usable until %s before that: the "
                    + "peer's time window)", grantId, grant.expiresAt(), Ledger.TIME_WINDOW);
        }
        Operation request = Operations.normalise(ledger,
                Json.parseArgument("operation", operationJson, Operation.class));
        if (!request.canonical().equals(grant.operation().canonical())) {
            throw WeftException.of(ErrorCode.FORBIDDEN, "the request is not the operation grant %s permits: %s",
                    grantId, grant.operation().canonical());
        }
        OperationType type = OperationType.parse(grant.operation().type());
        if (type.routing()) {
            requireBinding(ledger, grant);
        }
        Object result = Operations.execute(ledger, caller, grant.operation(), grant.proposalId());
        Grant used = grant.used(now.toString(), ledger.txId());
        ledger.put(GovKeys.grant(ledger, grantId), used);
        ledger.delete(GovKeys.active(ledger, grant.operation().target(), grantId));
        if (type == OperationType.ROLLBACK) {
            voidOutstanding(ledger, grant.operation().target(), grantId);
        }
        GovEvents.Executed out = new GovEvents.Executed(used, result);
        ledger.emit(GovEvents.EXECUTED, out);
        return out;
    }

    /**
     * A routing grant is valid only for the policy it was voted against: same
     * revision, hence same phase and version labels. An emergency rollback (or
     * any other change) since the proposal makes it unusable.
     */
    private static void requireBinding(Ledger ledger, Grant grant) {
        Rollout.Binding voted = grant.routeBinding();
        Rollout.Binding now = Rollout.binding(ledger, grant.operation().target());
        if (voted == null || !voted.equals(now)) {
            throw WeftException.of(ErrorCode.CONFLICT, "route %s moved on since proposal %s was voted: it was "
                    + "voted against %s, the policy is now %s", grant.operation().target(), grant.proposalId(),
                    Json.write(voted), Json.write(now));
        }
    }

    /** A governed rollback voids every other unused grant of its route, so no step voted earlier can follow it. */
    private static void voidOutstanding(Ledger ledger, String target, String except) {
        for (String id : ledger.list(String.class, GovKeys.ACTIVE, target)) {
            if (id.equals(except)) {
                continue;
            }
            Grant g = require(ledger, id);
            ledger.put(GovKeys.grant(ledger, id), g.voided(ledger.txTime().toString(), ledger.txId()));
            ledger.delete(GovKeys.active(ledger, target, id));
        }
    }

    static Grant require(Ledger ledger, String grantId) {
        if (grantId == null || grantId.isBlank()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "grant ID is required");
        }
        return ledger.require(GovKeys.grant(ledger, grantId), Grant.class, "grant " + grantId);
    }
}
