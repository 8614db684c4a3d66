package dev.weft.gateway.engine.exchange;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How this engine sends to each other organisation (docs/exchange.md "Direct or
 * relayed"): {@code direct} (straight to the receiving engine; fails when the receiver
 * offers no direct address, reads another format, or cannot be reached), {@code relayed}
 * (through the standard engines of both organisations, which convert formats), or
 * {@code auto} (direct when the receiver offers it in the sender's format and it answers,
 * otherwise relayed). Written {@code MSP=mode,…,*=mode}; the default is {@code auto}.
 *
 * <pre>{@code
 * ExchangeLinks links = ExchangeLinks.parse("Org3MSP=relayed,*=auto");
 * links.mode("Org3MSP");   // RELAYED
 * }</pre>
 */
public record ExchangeLinks(Mode fallback, Map<String, Mode> byPeer) {
    public static final ExchangeLinks AUTO = new ExchangeLinks(Mode.AUTO, Map.of());

    public enum Mode { AUTO, DIRECT, RELAYED }

    public ExchangeLinks {
        byPeer = Map.copyOf(byPeer);
    }

    public Mode mode(String peer) {
        return byPeer.getOrDefault(peer, fallback);
    }

    public static ExchangeLinks parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return AUTO;
        }
        Mode fallback = Mode.AUTO;
        Map<String, Mode> byPeer = new TreeMap<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("exchange link '" + item + "' is not MSP=direct|relayed|auto");
            }
            Mode mode;
            try {
                mode = Mode.valueOf(item.substring(eq + 1).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("exchange link '" + item + "': the mode is direct, relayed or auto");
            }
            String peer = item.substring(0, eq).trim();
            if (peer.equals("*")) {
                fallback = mode;
            } else {
                byPeer.put(peer, mode);
            }
        }
        return new ExchangeLinks(fallback, byPeer);
    }
}
