package dev.weft.chaincode.gov;

import dev.weft.chaincode.route.Rollout;

/**
 * The permission a passed proposal gives its proposer: to perform exactly its
 * operation once, before {@code expiresAt}. Its ID is the proposal's ID.
 * {@code status} is ACTIVE until {@code gov:Execute} consumes it (USED) or a
 * governed rollback of its route voids it (VOID, {@code usedTx} naming the
 * rollback). A routing grant carries the {@code routeBinding} its proposal was
 * voted against and cannot be used once the route's policy moved on.
 *
 * <pre>{"id":"…","proposalId":"…","grantee":"Org1MSP/x509::…","operation":{…},"issuedAt":"…",
 *  "expiresAt":"…","status":"ACTIVE","routeBinding":{"revision":2,"phase":"GRAY","oldLabel":"1","newLabel":"2"}}</pre>
 */
public record Grant(String id, String proposalId, String grantee, Operation operation, String issuedAt,
        String expiresAt, String status, String usedAt, String usedTx, Rollout.Binding routeBinding) {
    public static final String ACTIVE = "ACTIVE";
    public static final String USED = "USED";
    public static final String VOID = "VOID";

    Grant used(String at, String txId) {
        return new Grant(id, proposalId, grantee, operation, issuedAt, expiresAt, USED, at, txId, routeBinding);
    }

    Grant voided(String at, String txId) {
        return new Grant(id, proposalId, grantee, operation, issuedAt, expiresAt, VOID, at, txId, routeBinding);
    }
}
