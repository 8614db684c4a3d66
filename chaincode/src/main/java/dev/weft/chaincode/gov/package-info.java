/**
 * Governance by proposal and vote (S2.1–S2.5). The entry point is
 * {@link dev.weft.chaincode.gov.GovContract} ({@code gov:*}); the task contract
 * asks {@link dev.weft.chaincode.gov.GovernanceSettings#governsTaskDefinitions}
 * whether task definitions must come through a granted operation.
 */
package dev.weft.chaincode.gov;
