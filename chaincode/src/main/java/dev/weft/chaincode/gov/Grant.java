package dev.weft.chaincode.gov;

/**
 * The permission a passed proposal gives its proposer: to perform exactly its
 * operation once, before {@code expiresAt}. Its ID is the proposal's ID.
 * {@code status} is ACTIVE until {@code gov:Execute} consumes it (USED).
 *
 * <pre>{"id":"…","proposalId":"…","grantee":"Org1MSP/x509::…","operation":{…},"issuedAt":"…",
 *  "expiresAt":"…","status":"ACTIVE"}</pre>
 */
public record Grant(String id, String proposalId, String grantee, Operation operation, String issuedAt,
        String expiresAt, String status, String usedAt, String usedTx) {
    public static final String ACTIVE = "ACTIVE";
    public static final String USED = "USED";

    Grant used(String at, String txId) {
        return new Grant(id, proposalId, grantee, operation, issuedAt, expiresAt, USED, at, txId);
    }
}
