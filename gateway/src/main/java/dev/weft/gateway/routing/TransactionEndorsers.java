package dev.weft.gateway.routing;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * Which organisations endorsed a committed transaction, read back from the
 * ledger ({@code qscc GetTransactionByID}): the evidence that node-logic routing
 * (S2.9) chose the endorsers it says it chose.
 *
 * <pre>{@code
 * List<String> msps = TransactionEndorsers.of(chain, committed.transactionId());   // e.g. [Org2MSP, Org3MSP]
 * }</pre>
 */
public final class TransactionEndorsers {
    private TransactionEndorsers() {
    }

    /** The MSP IDs of the transaction's endorsers, in the order of its endorsements. */
    public static List<String> of(ChainClient chain, String transactionId) {
        byte[] raw;
        try {
            raw = chain.network().getContract("qscc").evaluateTransaction("GetTransactionByID",
                    chain.config().channel(), transactionId);
        } catch (Exception e) {
            throw new ChainException(ChainException.Stage.EVALUATE, ErrorCode.NOT_FOUND.name(), transactionId,
                    "cannot read transaction " + transactionId + ": " + e.getMessage(), e);
        }
        try {
            ProcessedTransaction processed = ProcessedTransaction.parseFrom(raw);
            Payload payload = Payload.parseFrom(processed.getTransactionEnvelope().getPayload());
            Transaction tx = Transaction.parseFrom(payload.getData());
            List<String> msps = new ArrayList<>();
            for (TransactionAction action : tx.getActionsList()) {
                ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
                for (Endorsement e : cap.getAction().getEndorsementsList()) {
                    msps.add(SerializedIdentity.parseFrom(e.getEndorser()).getMspid());
                }
            }
            return msps;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("transaction " + transactionId + " is not a readable endorser "
                    + "transaction", e);
        }
    }
}
