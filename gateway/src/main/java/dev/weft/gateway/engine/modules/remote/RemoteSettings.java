package dev.weft.gateway.engine.modules.remote;

import dev.weft.engine.api.ModuleConfigException;

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
 * </pre>
 *
 * @param endpoint {@code host:port} of the sidecar's standard-engine port
 * @param authority the name expected in the sidecar's certificate, when not the endpoint's host
 * @param tls the client certificate and key this engine presents, and the CA the sidecar's certificate chains
 *     to; the sidecar requires a client certificate of the organisation's TLS CA (mutual TLS, always)
 */
public record RemoteSettings(String endpoint, String authority, Tls tls) {
    /** PEM files, relative to the configuration file's folder. */
    public record Tls(String cert, String key, String ca) {
    }

    public RemoteSettings {
        if (endpoint == null || !endpoint.matches("[^\\s:]+:\\d{1,5}")) {
            throw new ModuleConfigException("remote.endpoint is host:port");
        }
        if (tls == null || tls.cert() == null || tls.key() == null || tls.ca() == null) {
            throw new ModuleConfigException("remote.tls needs cert, key and ca: the sidecar is reached over mutual "
                    + "TLS only");
        }
    }
}
