package dev.weft.gateway.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** Reading whole blocks: a range of them from a peer, and the endorser transactions one holds. */
public final class Blocks {
    private Blocks() {
    }

    /**
     * An endorser transaction of a block: whether the block marks it VALID, and its chaincode actions
     * (each with the proposal's input and, through {@link #result}, what the chaincode did).
     */
    public record EndorserTx(long block, String txId, boolean valid, List<ChaincodeActionPayload> actions) {
    }

    /** Hands the committed blocks {@code from..last} to {@code each}, in order. */
    public static void read(Network network, long from, long last, Consumer<Block> each) {
        if (last < from) {
            return;
        }
        try (CloseableIterator<Block> blocks = network.newBlockEventsRequest().startBlock(from).build().getEvents()) {
            while (blocks.hasNext()) {
                Block block = blocks.next();
                each.accept(block);
                if (block.getHeader().getNumber() >= last) {
                    break;
                }
            }
        }
    }

    /** The endorser transactions of {@code block}, in block order; config and other envelopes are left out. */
    public static List<EndorserTx> endorserTransactions(Block block) {
        long number = block.getHeader().getNumber();
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        List<EndorserTx> out = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            try {
                Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
                ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                    continue;
                }
                List<ChaincodeActionPayload> actions = new ArrayList<>();
                for (TransactionAction action : Transaction.parseFrom(payload.getData()).getActionsList()) {
                    actions.add(ChaincodeActionPayload.parseFrom(action.getPayload()));
                }
                boolean valid = i < filter.size() && filter.byteAt(i) == TxValidationCode.VALID_VALUE;
                out.add(new EndorserTx(number, header.getTxId(), valid, actions));
            } catch (InvalidProtocolBufferException e) {
                throw unreadable(number, e);
            }
        }
        return out;
    }

    /** What the chaincode did in one action: its writes, event and response. */
    public static ChaincodeAction result(long block, ChaincodeActionPayload action) {
        try {
            return ChaincodeAction.parseFrom(ProposalResponsePayload.parseFrom(
                    action.getAction().getProposalResponsePayload()).getExtension());
        } catch (InvalidProtocolBufferException e) {
            throw unreadable(block, e);
        }
    }

    public static IllegalStateException unreadable(long block, InvalidProtocolBufferException e) {
        return new IllegalStateException("block " + block + " holds a transaction that cannot be read", e);
    }
}
