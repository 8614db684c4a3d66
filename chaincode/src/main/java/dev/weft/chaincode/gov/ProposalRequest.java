package dev.weft.chaincode.gov;

/**
 * The argument of {@code gov:Propose}. Only {@code operation} is required. A
 * request may make its proposal stricter than the settings — a higher threshold
 * or quorum — and may narrow its voters to a subset of the governance voters of
 * at least {@code minVoters}; its deadline must lie within the maximum voting period.
 *
 * <pre>{"operation":{"type":"SWITCH","target":"asset","params":{}},"description":"switch asset to v2",
 *  "voters":{"orgs":["Org1MSP","Org2MSP"]},"thresholdBps":6666,"quorumBps":10000,
 *  "deadline":"2026-01-02T00:00:00Z"}</pre>
 */
public record ProposalRequest(Operation operation, String description, VoterSet voters, Integer thresholdBps,
        Integer quorumBps, String deadline) {
    static final int MAX_DESCRIPTION = 1024;
}
