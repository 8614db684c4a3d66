package dev.weft.chaincode.system;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.Confirmations;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Chaincode-wide functions: the build version, the member organisations, and a
 * ping that proves the write and event path end to end.
 *
 * <pre>
 * peer chaincode query  -C weft -n weft -c '{"function":"system:Version","Args":[]}'
 * peer chaincode invoke -C weft -n weft -c '{"function":"system:Ping","Args":["hello"]}' ...
 * </pre>
 */
@Contract(name = "system", info = @Info(title = "Weft system", version = "1",
        license = @License(name = "Apache-2.0"), contact = @Contact(name = "Weft")))
public final class SystemContract implements ContractInterface {
    public static final String PING_EVENT = "weft.ping";
    static final int MAX_MESSAGE = 1024;
    private static final String PING_KEY = "weft.ping";
    private static final String MEMBERS_CONFIRMATION = "weft.members.confirm";

    /** What a ping wrote and announced. */
    public record PingRecord(String txId, String mspId, String message, String time) {
    }

    /** The answer to {@code system:Version}. */
    public record VersionInfo(String chaincode, String version, List<String> contracts) {
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "Version")
    public String version(Context ctx) {
        return Json.write(new VersionInfo("weft", BuildInfo.VERSION,
                List.of("system", "task", "gov", "route", "cluster", "pair", "exchange")));
    }

    /**
     * What {@code system:InitMembers} answers: the list, the digest each
     * organisation confirms, who has and who has not confirmed yet, and whether
     * the list is in force.
     */
    public record MembersConfirmation(List<String> mspIds, String digest, List<String> confirmedBy,
            List<String> waitingFor, boolean active) {
    }

    /**
     * Confirms the member organisations for the caller's organisation. The list
     * takes effect once an admin of every listed organisation has confirmed the
     * same list (one key per organisation), so no organisation sets it alone;
     * afterwards it changes only through governance. ALREADY_EXISTS once set.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "InitMembers")
    public String initMembers(Context ctx, String mspIdsJson) {
        Ledger ledger = Ledger.of(ctx);
        String[] ids = Json.parseArgument("member list", mspIdsJson, String[].class);
        TreeSet<String> set = new TreeSet<>();
        for (String id : ids) {
            if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "invalid MSP ID %s", id);
            }
            set.add(id);
        }
        if (set.isEmpty()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "member list is empty");
        }
        if (ledger.exists(Members.key(ledger))) {
            throw WeftException.of(ErrorCode.ALREADY_EXISTS, "member organisations are already set");
        }
        Members.MemberList list = new Members.MemberList(List.copyOf(set));
        Confirmations.Status s = Confirmations.confirm(ledger, MEMBERS_CONFIRMATION, list, set);
        if (s.complete()) {
            ledger.put(Members.key(ledger), list);
        }
        return Json.write(new MembersConfirmation(list.mspIds(), s.digest(), s.confirmedBy(), s.waitingFor(),
                s.complete()));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "Members")
    public String members(Context ctx) {
        return Json.write(new Members.MemberList(List.copyOf(Members.of(Ledger.of(ctx)))));
    }

    /** Records the ping and emits it as the transaction's event. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "Ping")
    public String ping(Context ctx, String message) {
        Ledger ledger = Ledger.of(ctx);
        Caller caller = Members.requireMember(ledger);
        String text = message == null ? "" : message;
        if (text.length() > MAX_MESSAGE) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "message exceeds %d characters", MAX_MESSAGE);
        }
        PingRecord record = new PingRecord(ledger.txId(), caller.mspId(), text, ledger.txTime().toString());
        ledger.put(ledger.key(PING_KEY, ledger.txId()), record);
        ledger.emit(PING_EVENT, record);
        return Json.write(record);
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetPing")
    public String getPing(Context ctx, String txId) {
        Ledger ledger = Ledger.of(ctx);
        return Json.write(ledger.require(ledger.key(PING_KEY, txId), PingRecord.class, "ping " + txId));
    }
}
