/**
 * Governance by proposal and vote as the service platform sees it (S2.1–S2.6):
 * the {@code gov} contract's calls ({@link dev.weft.gateway.governance.Governance}),
 * waiting for a proposal's decision and tallying it when certain
 * ({@link dev.weft.gateway.governance.DecisionWaiter}), telling an organisation
 * what concerns it ({@link dev.weft.gateway.governance.GovernanceNotices}), how
 * identities are named on chain ({@link dev.weft.gateway.governance.QualifiedId})
 * and text views ({@link dev.weft.gateway.governance.ProposalViews}).
 */
package dev.weft.gateway.governance;
