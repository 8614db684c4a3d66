/**
 * Governance by proposal and vote (S2.1–S2.5). The entry point is
 * {@link dev.weft.chaincode.gov.GovContract} ({@code gov:*}). Governance uses the
 * task package (a granted REGISTER_TASK_DEFINITION registers through
 * {@code TaskRegistry}; its settings set {@code TaskRegistry.setGoverned}), never
 * the other way round.
 */
package dev.weft.chaincode.gov;
