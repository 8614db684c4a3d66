package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BlockScanTest {
    private static final String TASK = "ab".repeat(32);

    /** An endorser transaction of chaincode weft: its arguments, writes (key → value), event and response. */
    private static ByteString tx(String txId, List<String> args, Map<String, String> writes, String event,
            String response) {
        KVRWSet.Builder kv = KVRWSet.newBuilder();
        writes.forEach((k, v) -> kv.addWrites(KVWrite.newBuilder().setKey(k).setValue(ByteString.copyFromUtf8(v))));
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setResults(TxReadWriteSet.newBuilder().addNsRwset(NsReadWriteSet.newBuilder().setNamespace("weft")
                        .setRwset(kv.build().toByteString())).build().toByteString())
                .setEvents(ChaincodeEvent.newBuilder().setEventName("weft.task")
                        .setPayload(ByteString.copyFromUtf8(event)).build().toByteString())
                .setResponse(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8(response)))
                .build();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
        args.forEach(a -> input.addArgs(ByteString.copyFromUtf8(a)));
        ChaincodeActionPayload cap = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(ChaincodeProposalPayload.newBuilder().setInput(ChaincodeInvocationSpec
                        .newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
                                .setChaincodeId(ChaincodeID.newBuilder().setName("weft")).setInput(input))
                        .build().toByteString()).build().toByteString())
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(ProposalResponsePayload
                        .newBuilder().setExtension(action.toByteString()).build().toByteString()))
                .build();
        return envelope(HeaderType.ENDORSER_TRANSACTION_VALUE, txId, Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setPayload(cap.toByteString())).build().toByteString());
    }

    private static ByteString envelope(int type, String txId, ByteString data) {
        Payload payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(
                ChannelHeader.newBuilder().setType(type).setTxId(txId).build().toByteString())).setData(data).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString();
    }

    private static Block block(long number, ByteString... txs) {
        return Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(number))
                .setData(BlockData.newBuilder().addAllData(List.of(txs))).build();
    }

    @Test
    @DisplayName("a figure in a transaction of a marked definition's task is a strict hit, even where only the task ID links it")
    void figuresInAMarkedTasksTransactionsAreStrict() {
        BlockScan scan = new BlockScan(List.of("875", "1375"), List.of("private-sum"));
        scan.block(block(3, tx("tx-create", List.of("task:CreateTask", "private-sum", ""), Map.of(), "{}",
                "{\"taskId\":\"" + TASK + "\",\"definitionId\":\"private-sum\"}")));
        scan.block(block(4, tx("tx-result", List.of("task:SubmitCollaborativeResult", TASK, "total", "1", "4125"),
                Map.of("\u0000result\u0000" + TASK + "\u0000Org2MSP\u0000", "{\"value\":1375}"), "{}", "")));
        BlockScan.Report r = scan.report();
        assertThat(r.transactions()).isEqualTo(2);
        assertThat(r.strictTransactions()).isEqualTo(2);
        assertThat(r.markers()).contains(TASK);
        assertThat(r.strictHits()).singleElement().satisfies(h -> {
            assertThat(h.figure()).isEqualTo("1375");
            assertThat(h.block()).isEqualTo(4);
            assertThat(h.txId()).isEqualTo("tx-result");
            assertThat(h.function()).isEqualTo("task:SubmitCollaborativeResult");
            assertThat(h.field()).startsWith("write weft /result/");
        });
    }

    @Test
    @DisplayName("another definition's transactions are reported, not failed; digests, longer numbers and fractions are no hit")
    void otherDefinitionsAndLookalikes() {
        BlockScan scan = new BlockScan(List.of("875", "1375"), List.of("private-sum"));
        scan.block(block(5,
                tx("tx-sales", List.of("task:SubmitResult", "cd".repeat(32), "sum-org1", "1", "875.0"), Map.of(),
                        "{}", ""),
                tx("tx-noise", List.of("task:CreateTask", "private-sum", ""), Map.of("k", "{\"n\":18750}"),
                        "{\"at\":\"2026-12-02T08:10:01.1375Z\",\"d\":\"" + "1375".repeat(16) + "\"}",
                        "{\"taskId\":\"" + TASK + "\"}"),
                envelope(HeaderType.CONFIG_VALUE, "", ByteString.copyFromUtf8("875"))));
        BlockScan.Report r = scan.report();
        assertThat(r.transactions()).isEqualTo(2);
        assertThat(r.strictTransactions()).isEqualTo(1);
        assertThat(r.strictHits()).isEmpty();
        assertThat(r.hits()).singleElement().satisfies(h -> {
            assertThat(h.figure()).isEqualTo("875");
            assertThat(h.strict()).isFalse();
            assertThat(h.txId()).isEqualTo("tx-sales");
        });
    }
}
