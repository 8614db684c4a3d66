package dev.weft.chaincode.route;

/**
 * Which regular traffic is gray: callers in the cohort (by MSP ID or identity),
 * and routing keys whose bucket is below {@code weightBps} (of 10000).
 *
 * <pre>{"weightBps":1000,"cohort":{"orgs":["Org2MSP"],"identities":[]}}</pre>
 */
public record GrayRule(int weightBps, Principals cohort) {
}
