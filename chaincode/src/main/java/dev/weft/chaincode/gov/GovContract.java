package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.WeftException;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Governance by proposal and vote (S2.1–S2.5): a management user proposes a
 * typed operation, the named voters vote, a tally decides, a passed proposal
 * grants its proposer that one operation, and {@code Execute} performs it
 * against the grant. Every function returns canonical JSON.
 *
 * <pre>
 * gov:Bootstrap     settingsJson                       → {settings,digest,confirmedBy,waitingFor,active}
 *                                                        (an admin of each member org confirms; event once active)
 * gov:ConfirmIdentity identity (empty: the caller)     → registered voter identity
 * gov:Propose       proposalJson                       → proposal        event weft.gov.vote-requested
 * gov:Vote          proposalId, YES|NO|ABSTAIN         → [vote]          event weft.gov.voted
 * gov:Tally         proposalId                         → {proposal,grant} event weft.gov.decided
 * gov:Cancel        proposalId                         → {proposal}      event weft.gov.cancelled
 * gov:Execute       grantId, operationJson             → {grant,result}  event weft.gov.executed
 * gov:GetSettings | GetProposal id | GetTally id | GetGrant id | ListProposals status, pageSize, bookmark
 * </pre>
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"gov:Propose","Args":["{\"operation\":{\"type\":\"SWITCH\",\"target\":\"asset\",\"params\":{}}}"]}'
 * peer chaincode invoke … -c '{"function":"gov:Vote","Args":["&lt;proposalId&gt;","YES"]}'
 * </pre>
 */
@Contract(name = "gov", info = @Info(title = "Weft governance", version = "1",
        license = @License(name = "Apache-2.0")))
public final class GovContract implements ContractInterface {
    static final int DEFAULT_PAGE_SIZE = 50;

    /**
     * Confirms the first governance settings for the caller's organisation (an
     * admin of a member organisation); they take effect once every member
     * organisation confirmed the same settings, and every member organisation
     * must have a voter. See {@link Bootstrap}.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Bootstrap")
    public String bootstrap(Context ctx, String settingsJson) {
        return Json.write(Bootstrap.confirm(Ledger.of(ctx), settingsJson));
    }

    /** Registers a voter identity: the caller itself (empty argument) or, by its admin, one of its organisation. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "ConfirmIdentity")
    public String confirmIdentity(Context ctx, String identity) {
        return Json.write(VoterIdentities.confirm(Ledger.of(ctx), identity));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetSettings")
    public String getSettings(Context ctx) {
        return Json.write(GovernanceSettings.require(Ledger.of(ctx)));
    }

    /** Records a proposal (see {@link ProposalRequest}) and asks its voters to vote. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Propose")
    public String propose(Context ctx, String proposalJson) {
        return Json.write(Proposals.propose(Ledger.of(ctx), proposalJson));
    }

    /** Casts the caller's vote; see {@link Voting#vote}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Vote")
    public String vote(Context ctx, String proposalId, String choice) {
        return Json.write(Voting.vote(Ledger.of(ctx), proposalId, choice));
    }

    /** Decides the proposal if it can be decided; see {@link Voting#tally}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Tally")
    public String tally(Context ctx, String proposalId) {
        return Json.write(Voting.tally(Ledger.of(ctx), proposalId));
    }

    /** The decision a tally would make now (outcome PENDING if none yet), with the votes cast. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetTally")
    public String getTally(Context ctx, String proposalId) {
        return Json.write(Voting.view(Ledger.of(ctx), proposalId));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Cancel")
    public String cancel(Context ctx, String proposalId) {
        return Json.write(new GovEvents.Decided(Proposals.cancel(Ledger.of(ctx), proposalId), null));
    }

    /** Performs a granted operation and consumes the grant; see {@link Grants#execute}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Execute")
    public String execute(Context ctx, String grantId, String operationJson) {
        return Json.write(Grants.execute(Ledger.of(ctx), grantId, operationJson));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetProposal")
    public String getProposal(Context ctx, String proposalId) {
        return Json.write(Proposals.require(Ledger.of(ctx), proposalId));
    }

    /** A page of proposals, all ({@code status} empty) or in one status; {@code {"items":[…],"bookmark":"…"}}. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "ListProposals")
    public String listProposals(Context ctx, String status, String pageSize, String bookmark) {
        return Json.write(Proposals.list(Ledger.of(ctx), status, pageSize(pageSize), bookmark));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetGrant")
    public String getGrant(Context ctx, String grantId) {
        return Json.write(Grants.require(Ledger.of(ctx), grantId));
    }

    static int pageSize(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "page size %s is not a number", text);
        }
    }
}
