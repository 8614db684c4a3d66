package dev.weft.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.api.CollaborativeUnit;
import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import dev.weft.gateway.engine.exchange.Formats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * A collaborative test unit (S1.10 ITs), operation {@code it.exchange-rows}: the participant
 * named by parameter {@code sender} sends a table of {@code rows} rows, as JSON rows, to every
 * other participant under the name {@code rows}; each receiver reads it in whatever format its
 * exchange handed it over in (converted back to JSON rows here). Every participant returns the
 * same summary of the table — row count and the sum of column {@code i} — so the chain's
 * agreement check shows that the receivers read what was sent.
 */
final class RowsExchangeUnit implements CollaborativeUnit {
    static final String OPERATION = "it.exchange-rows";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "it-exchange-rows";
    }

    @Override
    public Set<String> operations() {
        return Set.of(OPERATION);
    }

    /** The table the sender {@code msp} sends: {@code n} rows of (from, i, amount). */
    static byte[] table(String msp, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"from\":\"").append(msp).append("\",\"i\":").append(i)
                    .append(",\"amount\":").append(i * 1.5).append('}');
        }
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What every participant returns for a table of {@code n} rows. */
    static String summary(int n) {
        return "{\"operation\":\"" + OPERATION + "\",\"rows\":" + n + ",\"sum\":" + ((long) n * (n - 1) / 2) + "}";
    }

    @Override
    public byte[] collaborate(UnitRequest request, Exchange exchange) throws Exception {
        String sender = request.parameter("sender").orElseThrow(() -> new UnitException("parameter 'sender'"));
        int n = Integer.parseInt(request.parameter("rows").orElse("10"));
        Duration wait = Duration.ofSeconds(Long.parseLong(request.parameter("timeout-s").orElse("300")));
        ExchangeSession session = (ExchangeSession) exchange;
        if (exchange.self().equals(sender)) {
            for (String peer : exchange.others()) {
                session.send(peer, "rows", "json-rows", table(sender, n));
            }
            return summary(n).getBytes(StandardCharsets.UTF_8);
        }
        byte[] got = exchange.receive(sender, "rows", wait);
        byte[] rows = Formats.convert(got, session.formatOf(sender, "rows"), "json-rows");
        long count = 0;
        long sum = 0;
        for (JsonNode row : JSON.readTree(rows)) {
            if (!sender.equals(row.path("from").asText())) {
                throw new UnitException("a row of %s's table names %s", sender, row.path("from").asText());
            }
            count++;
            sum += row.path("i").asLong();
        }
        return ("{\"operation\":\"" + OPERATION + "\",\"rows\":" + count + ",\"sum\":" + sum + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
