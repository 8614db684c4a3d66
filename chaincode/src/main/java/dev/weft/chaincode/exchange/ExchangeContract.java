package dev.weft.chaincode.exchange;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Json;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The directory of exchange services (S1.10): each organisation's admin publishes
 * where its exchange service listens; every participant of a collaborative subtask
 * reads the others' addresses from here. One key per organisation, written under a
 * key-level policy that needs that organisation's own peer, so no other member can
 * redirect its traffic.
 *
 * <pre>
 * peer chaincode invoke … -c '{"function":"exchange:SetEndpoint","Args":["gw1.org1.example:7443"]}'
 * peer chaincode query  … -c '{"function":"exchange:GetEndpoints","Args":[]}'
 * </pre>
 */
@Contract(name = "exchange", info = @Info(title = "Weft data exchange directory", version = "1",
        license = @License(name = "Apache-2.0"), contact = @Contact(name = "Weft")))
public final class ExchangeContract implements ContractInterface {
    static final String KEY_TYPE = "weft.exchange.endpoint";
    static final String EVENT_NAME = "weft.exchange";
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.-]{1,253}:([0-9]{1,5})");

    /** The {@code weft.exchange} event: an organisation's endpoint set ({@code address}) or removed (absent). */
    record EndpointEvent(String mspId, String address, String txId) {
    }

    /** Publishes the caller's organisation's exchange address (an admin of a member organisation). */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "SetEndpoint")
    public String setEndpoint(Context ctx, String address) {
        Ledger ledger = Ledger.of(ctx);
        Caller admin = Members.requireMemberAdmin(ledger);
        String checked = address(address);
        Endpoint endpoint = new Endpoint(admin.mspId(), checked, admin.qualifiedId(), ledger.txTime().toString(),
                ledger.txId());
        ledger.putOwned(ledger.key(KEY_TYPE, admin.mspId()), endpoint, admin.mspId());
        ledger.emit(EVENT_NAME, new EndpointEvent(admin.mspId(), checked, ledger.txId()));
        return Json.write(endpoint);
    }

    /** Withdraws the caller's organisation's address (its admin); NOT_FOUND when none is published. */
    @Transaction(intent = Transaction.TYPE.SUBMIT, name = "RemoveEndpoint")
    public String removeEndpoint(Context ctx) {
        Ledger ledger = Ledger.of(ctx);
        Caller admin = Members.requireMemberAdmin(ledger);
        String key = ledger.key(KEY_TYPE, admin.mspId());
        Endpoint endpoint = ledger.get(key, Endpoint.class).orElseThrow(() -> WeftException.of(ErrorCode.NOT_FOUND,
                "%s has published no exchange endpoint", admin.mspId()));
        ledger.delete(key);
        ledger.emit(EVENT_NAME, new EndpointEvent(admin.mspId(), null, ledger.txId()));
        return Json.write(endpoint);
    }

    /** {@code {"items":[Endpoint…]}} in MSP order; any member may read it. */
    @Transaction(intent = Transaction.TYPE.EVALUATE, name = "GetEndpoints")
    public String getEndpoints(Context ctx) {
        Ledger ledger = Ledger.of(ctx);
        Members.requireMember(ledger);
        List<Endpoint> items = ledger.list(Endpoint.class, KEY_TYPE);
        return Json.write(Map.of("items", items));
    }

    static String address(String value) {
        var m = value == null ? null : ADDRESS.matcher(value);
        if (m == null || !m.matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "an exchange address is host:port (letters, digits, "
                    + "dots and hyphens, then a port)");
        }
        int port = Integer.parseInt(m.group(1));
        if (port < 1 || port > 65_535) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "exchange port %d is outside 1..65535", port);
        }
        return value;
    }
}
