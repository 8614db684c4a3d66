/**
 * The {@code exchange} contract: where each organisation's exchange service is reached
 * (S1.10), published on chain by the organisation's admin so that no pair of
 * organisations configures the other by hand.
 */
package dev.weft.chaincode.exchange;
