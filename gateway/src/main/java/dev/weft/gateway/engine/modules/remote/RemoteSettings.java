package dev.weft.gateway.engine.modules.remote;

import dev.weft.engine.api.ModuleConfigException;
import dev.weft.gateway.engine.exchange.ExchangeSession;
import java.util.List;

/**
 * Settings of module {@code remote}: where the sidecar (a conversion module run
 * beside a remote heterogeneous engine by {@code weft engine adapt}) listens, and
 * the TLS identity this engine presents to it.
 *
 * <pre>
 * remote:
 *   endpoint: scoring-host.org1.example.com:7070
 *   authority: localhost            # name to check in the sidecar's certificate (default: the host)
 *   tls: {cert: tls/engine.crt, key: tls/engine.key, ca: tls/ca.crt}
 *   exchange: {address: scoring-host.org1.example.com:7090, formats: [csv], direct: true}   # optional
 * </pre>
 *
 * @param endpoint {@code host:port} of the sidecar's standard-engine port
 * @param authority the name expected in the sidecar's certificate, when not the endpoint's host
 * @param tls the client certificate and key this engine presents, and the CA the sidecar's certificate chains
 *     to; the sidecar requires a client certificate of the organisation's TLS CA (mutual TLS, always)
 * @param exchange the sidecar's own exchange port ({@code weft engine adapt --exchange-port}), for collaborative
 *     subtasks (S1.10); without it the sidecar takes no part in an exchange
 */
public record RemoteSettings(String endpoint, String authority, Tls tls, SidecarExchange exchange) {
    private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile("[^\\s:]+:\\d{1,5}");

    /** PEM files, relative to the configuration file's folder. */
    public record Tls(String cert, String key, String ca) {
    }

    /**
     * Where the sidecar's exchange port listens, the table formats its units read (empty: any; items in
     * another are converted by this standard engine on the way in) and whether other organisations' engines
     * may deliver to it directly (default false: every item passes through this standard engine).
     */
    public record SidecarExchange(String address, List<String> formats, Boolean direct) {
        public SidecarExchange {
            if (address == null || !HOST_PORT.matcher(address).matches()) {
                throw new ModuleConfigException("remote.exchange.address is host:port");
            }
            formats = formats == null ? List.of() : List.copyOf(formats);
            for (String f : formats) {
                if (!ExchangeSession.FORMATS.contains(f)) {
                    throw new ModuleConfigException("remote.exchange.formats: '" + f + "' is none of "
                            + new java.util.TreeSet<>(ExchangeSession.FORMATS));
                }
            }
            direct = direct != null && direct;
        }

        ExchangeSession.Delegate delegate() {
            return new ExchangeSession.Delegate(address, new java.util.LinkedHashSet<>(formats), direct);
        }
    }

    public RemoteSettings {
        if (endpoint == null || !HOST_PORT.matcher(endpoint).matches()) {
            throw new ModuleConfigException("remote.endpoint is host:port");
        }
        if (tls == null || tls.cert() == null || tls.key() == null || tls.ca() == null) {
            throw new ModuleConfigException("remote.tls needs cert, key and ca: the sidecar is reached over mutual "
                    + "TLS only");
        }
    }
}
