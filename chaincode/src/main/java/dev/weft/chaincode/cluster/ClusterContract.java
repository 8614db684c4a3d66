package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Gateway clusters (S4.2, S4.3): per organisation a cluster of enrolled gateway
 * members and a master table row whose epoch fences every write the organisation's
 * gateway makes (see {@link Fencing}). The channel is the seed's authentication node.
 *
 * <pre>
 * cluster:CreateCluster  name, masterTtlSeconds           admin of the organisation, once
 * cluster:Enrol          mspId, memberJson                admin of mspId only
 * cluster:Register       memberId                         the member itself; first master, epoch 1
 * cluster:Keepalive      memberId, epoch                  the member itself; its own key
 * cluster:Update         memberId, expectedEpoch          the new master itself; epoch + 1
 * cluster:Dissolve                                        admin of the organisation; ends its fencing
 * cluster:ReportConsensusError taskId, subtaskId, attempt  another participant's master (S4.7)
 * cluster:Switch                                          admin: the master not electable, epoch moves (S4.7)
 * cluster:Restore        memberId                         admin of the organisation: electable again (S4.7)
 * cluster:GetMaster      mspId            → master, TTL, last keepalive, expiry
 * cluster:ListMasters                     → every cluster's master
 * cluster:GetCluster     mspId            → cluster, master, members with keepalives
 * </pre>
 *
 * memberJson is {@code {"memberId":"a","identity":"x509::CN=…::CN=…","priority":10,
 * "address":"localhost:7443","electable":true}}. Every write emits one {@code weft.cluster} event.
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"cluster:Keepalive","Args":["a","3"]}'
 * </pre>
 */
@Contract(name = "cluster", info = @Info(title = "Weft gateway clusters", version = "1",
        license = @License(name = "Apache-2.0"), contact = @Contact(name = "Weft")))
public final class ClusterContract implements ContractInterface {

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "CreateCluster")
    public String createCluster(Context ctx, String name, String masterTtlSeconds) {
        return Json.write(Enrolment.create(Ledger.of(ctx), name, masterTtlSeconds));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Enrol")
    public String enrol(Context ctx, String mspId, String memberJson) {
        return Json.write(Enrolment.enrol(Ledger.of(ctx), mspId, memberJson));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Register")
    public String register(Context ctx, String memberId) {
        return Json.write(Mastership.register(Ledger.of(ctx), memberId));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Keepalive")
    public String keepalive(Context ctx, String memberId, String epoch) {
        return Json.write(Mastership.keepalive(Ledger.of(ctx), memberId, epoch));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Update")
    public String update(Context ctx, String memberId, String expectedEpoch) {
        return Json.write(Mastership.update(Ledger.of(ctx), memberId, expectedEpoch));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Dissolve")
    public String dissolve(Context ctx) {
        return Json.write(Enrolment.dissolve(Ledger.of(ctx)));
    }

    /** S4.7: reports the one organisation whose result differed in a recorded disagreement; see {@link ConsensusErrors}. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "ReportConsensusError")
    public String reportConsensusError(Context ctx, String taskId, String subtaskId, String attempt) {
        return Json.write(ConsensusErrors.report(Ledger.of(ctx), taskId, subtaskId, attempt));
    }

    /** S4.7 by hand: the organisation's admin forces a switch off the current master. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Switch")
    public String switchMaster(Context ctx) {
        return Json.write(ConsensusErrors.adminSwitch(Ledger.of(ctx)));
    }

    /** S4.7: the organisation's admin makes a member electable again after repair and clears the count. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Restore")
    public String restore(Context ctx, String memberId) {
        return Json.write(ConsensusErrors.restore(Ledger.of(ctx), memberId));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetMaster")
    public String getMaster(Context ctx, String mspId) {
        return Json.write(ClusterViews.master(Ledger.of(ctx), mspId));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "ListMasters")
    public String listMasters(Context ctx) {
        return Json.write(ClusterViews.masters(Ledger.of(ctx)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetCluster")
    public String getCluster(Context ctx, String mspId) {
        return Json.write(ClusterViews.cluster(Ledger.of(ctx), mspId));
    }
}
