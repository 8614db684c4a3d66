package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.CollaborativeUnit;
import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code exchange.private-sum}: the participants' joint total of a figure each keeps
 * private (S1.10), with no organisation's own figure leaving its engine. Each sums the
 * first column of its own named query (parameter {@code query}, the organisation's
 * configuration), splits that total into random additive shares, one per other
 * participant plus one it keeps, and sends each share to its participant; each then
 * adds the shares it holds into a partial sum and sends that to all others; every
 * participant adds the partial sums and returns the same total.
 *
 * <p>A share is a 256-bit number drawn from HMAC-SHA-256 under this engine's secret over
 * the attempt and the receiver, so a run repeated after a crash sends the same bytes
 * (the exchange refuses a second version) while nobody else can predict it. What others
 * see of one organisation, a share or a partial sum, is its total plus numbers they do
 * not know; only all participants but one together could learn the last one's total.
 *
 * <p>Parameters: {@code query} (required), {@code scale} (decimal places kept, 0..9,
 * default 2: figures with more are refused), {@code timeout-s} (how long to wait for each
 * item, default 300).
 */
final class PrivateSumUnit implements CollaborativeUnit {
    static final String OPERATION = "exchange.private-sum";
    private final LocalDatabase database;
    private final byte[] secret;

    PrivateSumUnit(LocalDatabase database, byte[] secret) {
        this.database = database;
        this.secret = secret.clone();
    }

    @Override
    public String name() {
        return "private-sum";
    }

    @Override
    public Set<String> operations() {
        return Set.of(OPERATION);
    }

    @Override
    public byte[] collaborate(UnitRequest request, Exchange exchange) throws Exception {
        int scale = bounded(request, "scale", 2, 9);
        Duration wait = Duration.ofSeconds(bounded(request, "timeout-s", 300, 3_600));
        BigInteger own = unscaled(ownTotal(request), scale);

        Map<String, BigInteger> shares = new TreeMap<>();
        BigInteger kept = own;
        for (String peer : exchange.others()) {
            BigInteger share = share(request, peer);
            shares.put(peer, share);
            kept = kept.subtract(share);
        }
        for (var e : shares.entrySet()) {
            exchange.send(e.getKey(), "share", bytes(e.getValue()));
        }
        BigInteger partial = kept;
        for (String peer : exchange.others()) {
            partial = partial.add(number(exchange.receive(peer, "share", wait), "share from " + peer));
        }
        for (String peer : exchange.others()) {
            exchange.send(peer, "partial", bytes(partial));
        }
        BigInteger total = partial;
        for (String peer : exchange.others()) {
            total = total.add(number(exchange.receive(peer, "partial", wait), "partial sum from " + peer));
        }
        ObjectNode result = EngineJson.NODES.objectNode();
        result.put("operation", OPERATION);
        result.put("participants", exchange.participants().size());
        result.put("total", new BigDecimal(total, scale));
        return EngineJson.canonical(result);
    }

    private BigDecimal ownTotal(UnitRequest request) throws Exception {
        if (database == null) {
            throw new UnitException("this engine has no local database for parameter 'query'");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal v : database.firstColumnNumbers(SqlQuery.from(request, database.queries()))) {
            sum = sum.add(v);
        }
        return sum;
    }

    private static BigInteger unscaled(BigDecimal value, int scale) throws UnitException {
        try {
            return value.setScale(scale).unscaledValue();
        } catch (ArithmeticException e) {
            throw UnitException.coded("OUT_OF_BOUNDS", "the figure has more than %d decimal places (parameter "
                    + "'scale')", scale);
        }
    }

    /** The share for {@code peer} of this attempt: secret to this engine, the same on every run. */
    private BigInteger share(UnitRequest request, String peer) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] draw = mac.doFinal((request.executionId() + "|" + peer).getBytes(StandardCharsets.UTF_8));
            return new BigInteger(draw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JRE has HmacSHA256", e);
        }
    }

    private static byte[] bytes(BigInteger value) {
        return value.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static BigInteger number(byte[] payload, String what) throws UnitException {
        String text = new String(payload, StandardCharsets.US_ASCII);
        if (text.length() > 200 || !text.matches("-?[0-9]+")) {
            throw new UnitException("the %s is not a whole number", what);
        }
        return new BigInteger(text);
    }

    private static int bounded(UnitRequest request, String name, int fallback, int max) throws UnitException {
        String raw = request.parameter(name).orElse(Integer.toString(fallback)).trim();
        try {
            int v = Integer.parseInt(raw);
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw UnitException.coded("OUT_OF_BOUNDS", "parameter '%s' must be a whole number 0..%d, not '%s'", name, max,
                raw);
    }
}
