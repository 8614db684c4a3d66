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
 * Pair mode of a gateway cluster (S3, issue 12): a validator and a sync member that
 * switch roles from the liveness recorded in committed blocks. See {@link Pairs}.
 *
 * <pre>
 * pair:CreatePair  first, second, windows, windowSeconds   admin of the organisation; cluster without master
 * pair:Beacon      memberId, role, epoch                   the member itself; its own key (S3.2)
 * pair:Promote     memberId, expectedEpoch                 the member itself; epoch + 1 (S3.3, S3.5)
 * pair:GetPair     mspId          → pair, master row (validator, epoch), last beacon of each member
 * </pre>
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"pair:Beacon","Args":["a","VALIDATOR","3"]}'
 * </pre>
 */
@Contract(name = "pair", info = @Info(title = "Weft gateway pairs", version = "1",
        license = @License(name = "Apache-2.0"), contact = @Contact(name = "Weft")))
public final class PairContract implements ContractInterface {

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "CreatePair")
    public String createPair(Context ctx, String first, String second, String windows, String windowSeconds) {
        return Json.write(Pairs.create(Ledger.of(ctx), first, second, windows, windowSeconds));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Beacon")
    public String beacon(Context ctx, String memberId, String role, String epoch) {
        return Json.write(Pairs.beacon(Ledger.of(ctx), memberId, role, epoch));
    }

    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Promote")
    public String promote(Context ctx, String memberId, String expectedEpoch) {
        return Json.write(Pairs.promote(Ledger.of(ctx), memberId, expectedEpoch));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetPair")
    public String getPair(Context ctx, String mspId) {
        return Json.write(Pairs.view(Ledger.of(ctx), mspId));
    }
}
