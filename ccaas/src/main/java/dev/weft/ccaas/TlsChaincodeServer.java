package dev.weft.ccaas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * The main class of Weft's chaincode jars: the shim's contract router, served
 * as a chaincode server that speaks TLS and requires a client certificate
 * (issue 9 item 11). The shim (2.5) reads the server's certificate and key
 * ({@code CORE_PEER_TLS_ENABLED}, {@code CORE_TLS_CLIENT_CERT_FILE},
 * {@code CORE_TLS_CLIENT_KEY_FILE}) but has no setting for the CA of the
 * clients; {@code CHAINCODE_TLS_CLIENT_CACERT} names it here: the TLS CA of
 * the organisation whose peers may connect. Without TLS or without that CA the
 * server refuses to start.
 *
 * <pre>
 * CHAINCODE_SERVER_ADDRESS=127.0.0.1:7052 CORE_CHAINCODE_ID_NAME=weft_1:… CORE_PEER_TLS_ENABLED=true \
 * CORE_TLS_CLIENT_CERT_FILE=server.crt CORE_TLS_CLIENT_KEY_FILE=server.key CHAINCODE_TLS_CLIENT_CACERT=ca.crt \
 *   java -jar weft-chaincode.jar
 * </pre>
 */
public final class TlsChaincodeServer {
    /** The CA whose certificates a connecting peer must present. */
    public static final String CLIENT_CA = "CHAINCODE_TLS_CLIENT_CACERT";

    private TlsChaincodeServer() {
    }

    public static void main(String[] args) throws Exception {
        ContractRouter router = new ContractRouter(args);
        ChaincodeServerProperties properties = requireMutualTls(router.getChaincodeServerConfig(), System.getenv());
        router.startRouterWithChaincodeServer(new NettyChaincodeServer(router, properties));
    }

    /**
     * The shim's server settings with the clients' CA added; refuses settings
     * without TLS, without the server's certificate and key, or without the CA.
     */
    static ChaincodeServerProperties requireMutualTls(ChaincodeServerProperties shim, Map<String, String> env) {
        if (!shim.isTlsEnabled()) {
            throw new IllegalStateException("the chaincode server needs TLS: set CORE_PEER_TLS_ENABLED=true, "
                    + "CORE_TLS_CLIENT_CERT_FILE and CORE_TLS_CLIENT_KEY_FILE (the server's certificate and key)");
        }
        requireFile(shim.getKeyCertChainFile(), "CORE_TLS_CLIENT_CERT_FILE");
        requireFile(shim.getKeyFile(), "CORE_TLS_CLIENT_KEY_FILE");
        String clientCa = env.get(CLIENT_CA);
        requireFile(clientCa, CLIENT_CA);
        shim.setTrustCertCollectionFile(clientCa);
        return shim;
    }

    private static void requireFile(String path, String variable) {
        if (path == null || path.isBlank() || !Files.isReadable(Path.of(path))) {
            throw new IllegalStateException(variable + " must name a readable PEM file, not '" + path + "'");
        }
    }
}
