package dev.weft.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S3.2 weft cluster status of a pair: liveness over the last N windows and each member's decision")
class PairStatusTest {

    @Test
    @DisplayName("S3.2 S3.3 the status names the validator, the last N closed windows with who was alive, and "
            + "what each member would decide now")
    void statusOfAPairWhoseValidatorStopped() throws Exception {
        PairLedger.Settings s = new PairLedger.Settings("Org1MSP", "org1", List.of("a", "b"), 3, 5, "tx1");
        LivenessTable t = new LivenessTable(s.members(), s.windows());
        t.add("a", 100);
        t.add("b", 100);
        for (long r = 101; r <= 105; r++) {
            t.add("b", r);
        }
        JsonNode master = new ObjectMapper().readTree("{\"memberId\":\"a\",\"epoch\":1}");
        JsonNode status = PairStatus.of(s, t, master, 42);
        assertThat(status.path("validator").asText()).isEqualTo("a");
        assertThat(status.path("throughBlock").asLong()).isEqualTo(42);
        assertThat(status.path("lastWindows")).hasSize(3);
        assertThat(status.path("lastWindows").get(0).path("round").asLong()).isEqualTo(101);
        assertThat(status.path("lastWindows").get(0).path("start").asText()).isEqualTo("1970-01-01T00:08:25Z");
        assertThat(status.path("lastWindows").get(2).path("alive").toString()).isEqualTo("{\"a\":false,\"b\":true}");
        assertThat(status.path("decisions").path("a").asText()).isEqualTo("DEMOTE");
        assertThat(status.path("decisions").path("b").asText()).isEqualTo("PROMOTE");
        String text = PairStatus.text(status);
        assertThat(text).contains("validator a at epoch 1").contains("N = 3 windows of 5 s")
                .contains("decisions now: a=DEMOTE b=PROMOTE");
        assertThat(text.lines().filter(l -> l.startsWith("1970-")).count()).isEqualTo(3);
    }

    @Test
    @DisplayName("S3.2 the table is read from whole committed blocks: only VALID endorser transactions of the "
            + "chaincode count, and only the pair's own BEACON events")
    void beaconsOfABlock() {
        Block block = Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(77))
                .setData(BlockData.newBuilder()
                        .addData(tx("t0", HeaderType.ENDORSER_TRANSACTION, "weft", "weft.pair", beacon("Org1MSP", "a", 500)))
                        .addData(tx("t1", HeaderType.ENDORSER_TRANSACTION, "weft", "weft.pair", beacon("Org1MSP", "b", 500)))
                        .addData(tx("t2", HeaderType.ENDORSER_TRANSACTION, "weft", "weft.pair", beacon("Org2MSP", "b", 500)))
                        .addData(tx("t3", HeaderType.ENDORSER_TRANSACTION, "weft", "weft.task", beacon("Org1MSP", "b", 500)))
                        .addData(tx("t4", HeaderType.ENDORSER_TRANSACTION, "other", "weft.pair", beacon("Org1MSP", "b", 500)))
                        .addData(tx("t5", HeaderType.ENDORSER_TRANSACTION, "weft", "weft.pair",
                                "{\"kind\":\"PROMOTED\",\"mspId\":\"Org1MSP\",\"master\":{\"memberId\":\"b\",\"epoch\":2}}"))
                        .addData(tx("t6", HeaderType.ENDORSER_TRANSACTION, "weft", "weft.pair", beacon("Org1MSP", "b", 501))))
                .setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)
                        .addMetadata(ByteString.copyFrom(new byte[] {
                            (byte) TxValidationCode.VALID_VALUE, (byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE,
                            (byte) TxValidationCode.VALID_VALUE, (byte) TxValidationCode.VALID_VALUE,
                            (byte) TxValidationCode.VALID_VALUE, (byte) TxValidationCode.VALID_VALUE,
                            (byte) TxValidationCode.VALID_VALUE})))
                .build();
        assertThat(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).isEqualTo(2);
        assertThat(PairStatus.beacons(block, "weft", "Org1MSP")).containsExactly(
                new PairStatus.Beacon("a", 500, 77, "t0"), new PairStatus.Beacon("b", 501, 77, "t6"));
    }

    private static String beacon(String msp, String member, long round) {
        return "{\"kind\":\"BEACON\",\"mspId\":\"" + msp + "\",\"beacon\":{\"memberId\":\"" + member
                + "\",\"round\":" + round + ",\"role\":\"SYNC\",\"epoch\":1}}";
    }

    private static ByteString tx(String txId, HeaderType type, String chaincode, String eventName, String event) {
        ChaincodeEvent ev = ChaincodeEvent.newBuilder().setChaincodeId(chaincode).setTxId(txId)
                .setEventName(eventName).setPayload(ByteString.copyFrom(event, StandardCharsets.UTF_8)).build();
        ChaincodeAction action = ChaincodeAction.newBuilder().setEvents(ev.toByteString()).build();
        ProposalResponsePayload prp = ProposalResponsePayload.newBuilder().setExtension(action.toByteString()).build();
        ChaincodeActionPayload cap = ChaincodeActionPayload.newBuilder().setAction(
                ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(prp.toByteString())).build();
        Transaction tx = Transaction.newBuilder().addActions(TransactionAction.newBuilder()
                .setPayload(cap.toByteString())).build();
        Payload payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(ChannelHeader
                .newBuilder().setType(type.getNumber()).setTxId(txId).build().toByteString()))
                .setData(tx.toByteString()).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString();
    }
}
