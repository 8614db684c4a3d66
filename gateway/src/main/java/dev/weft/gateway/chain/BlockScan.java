package dev.weft.gateway.chain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;

/**
 * Reads every block of the channel and looks for figures that must not be on
 * chain, in everything a transaction carries that a member can read: the
 * chaincode's input arguments, every key and value it wrote, its event and its
 * response. Digests (64 hex digits) are skipped; a figure counts only as a whole
 * number ({@code 875} is found in {@code "875"} and {@code 875.0}, not in
 * {@code 18750} or a timestamp's fraction).
 *
 * <p>A transaction is <em>strict</em> when its text mentions one of the markers
 * (a definition ID, a task ID); the task IDs such a transaction carries become
 * markers too, so the results and events of a task created from a marked
 * definition are strict as well. Hits in other transactions are reported but
 * are not failures: another definition may publish the same figures by design.
 */
public final class BlockScan {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern TASK_ID = Pattern.compile("\"taskId\"\\s*:\\s*\"([0-9a-f]{16,64})\"");

    /** One figure found in one field of one transaction. */
    public record Hit(long block, String txId, String chaincode, String function, String field, String figure,
            boolean strict, String context) {
    }

    /** What a scan read and found. */
    public record Report(long blocks, long transactions, long strictTransactions, List<String> markers,
            List<Hit> hits) {
        public List<Hit> strictHits() {
            return hits.stream().filter(Hit::strict).toList();
        }
    }

    private final List<Pattern> figures = new ArrayList<>();
    private final List<String> figureTexts;
    private final Set<String> markers;
    private final List<Hit> hits = new ArrayList<>();
    private long blocks;
    private long transactions;
    private long strictTransactions;

    public BlockScan(List<String> figures, List<String> markers) {
        this.figureTexts = List.copyOf(figures);
        for (String f : figures) {
            this.figures.add(Pattern.compile("(?<![0-9.])" + Pattern.quote(f) + "(\\.0+)?(?![0-9])"));
        }
        this.markers = new LinkedHashSet<>(markers);
    }

    /** Every block from 0 to the channel's height when the scan starts. */
    public static Report channel(Network network, long height, List<String> figures, List<String> markers) {
        BlockScan scan = new BlockScan(figures, markers);
        try {
            Blocks.read(network, 0, height - 1, scan::block);
        } catch (RuntimeException e) {
            throw ChainErrors.translate(ChainException.Stage.EVENTS, e);
        }
        return scan.report();
    }

    public Report report() {
        return new Report(blocks, transactions, strictTransactions, List.copyOf(markers), List.copyOf(hits));
    }

    /** Scans one block's endorser transactions. */
    public void block(Block block) {
        blocks++;
        for (Blocks.EndorserTx tx : Blocks.endorserTransactions(block)) {
            try {
                transaction(tx);
            } catch (InvalidProtocolBufferException e) {
                throw Blocks.unreadable(tx.block(), e);
            }
        }
    }

    private void transaction(Blocks.EndorserTx tx) throws InvalidProtocolBufferException {
        transactions++;
        List<String[]> fields = new ArrayList<>();
        String chaincode = "";
        String function = "";
        for (ChaincodeActionPayload cap : tx.actions()) {
            ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(
                    ChaincodeProposalPayload.parseFrom(cap.getChaincodeProposalPayload()).getInput());
            chaincode = spec.getChaincodeSpec().getChaincodeId().getName();
            List<ByteString> args = spec.getChaincodeSpec().getInput().getArgsList();
            for (int i = 0; i < args.size(); i++) {
                if (i == 0) {
                    function = args.get(0).toStringUtf8();
                }
                fields.add(new String[] {"arg " + i, args.get(i).toStringUtf8()});
            }
            ChaincodeAction ca = Blocks.result(tx.block(), cap);
            fields.add(new String[] {"response", ca.getResponse().getPayload().toStringUtf8()});
            fields.add(new String[] {"response message", ca.getResponse().getMessage()});
            if (!ca.getEvents().isEmpty()) {
                ChaincodeEvent event = ChaincodeEvent.parseFrom(ca.getEvents());
                fields.add(new String[] {"event " + event.getEventName(), event.getPayload().toStringUtf8()});
            }
            for (NsReadWriteSet ns : TxReadWriteSet.parseFrom(ca.getResults()).getNsRwsetList()) {
                for (KVWrite w : KVRWSet.parseFrom(ns.getRwset()).getWritesList()) {
                    String key = w.getKey().replace('\u0000', '/');
                    fields.add(new String[] {"write " + ns.getNamespace() + " " + key + " (key)", key});
                    fields.add(new String[] {"write " + ns.getNamespace() + " " + key, w.getValue().toStringUtf8()});
                }
            }
        }
        boolean strict = false;
        for (String[] f : fields) {
            for (String m : markers) {
                if (f[1].contains(m)) {
                    strict = true;
                    break;
                }
            }
        }
        if (strict) {
            strictTransactions++;
            for (String[] f : fields) {
                Matcher m = TASK_ID.matcher(f[1]);
                while (m.find()) {
                    markers.add(m.group(1));
                }
            }
        }
        for (String[] f : fields) {
            String text = DIGEST.matcher(f[1]).replaceAll("#");
            for (int i = 0; i < figures.size(); i++) {
                Matcher m = figures.get(i).matcher(text);
                if (m.find()) {
                    int from = Math.max(0, m.start() - 40);
                    int to = Math.min(text.length(), m.end() + 40);
                    hits.add(new Hit(tx.block(), tx.txId(), chaincode, function, f[0], figureTexts.get(i), strict,
                            text.substring(from, to)));
                }
            }
        }
    }
}
