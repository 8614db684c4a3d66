package dev.weft.gateway.engine;

import dev.weft.gateway.transport.TlsMaterial;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link EngineServer#start(EngineConfiguration)} needs; what
 * {@code weft engine serve} turns its options into.
 *
 * <pre>{@code
 * EngineConfiguration config = new EngineConfiguration("Org1MSP", "127.0.0.1", 7060,
 *         Profile.load("org1").gatewayTls(),
 *         LocalDatabase.Settings.embedded(Path.of(".run/engine/org1")), BuiltinUnits.ALL, "org1", 4);
 * try (EngineServer server = EngineServer.start(config)) { server.blockUntilShutdown(); }
 * }</pre>
 *
 * @param name framework name reported by Health (the organisation's MSP ID is a good one)
 * @param bindHost interface the TLS port binds to (the plaintext port always binds loopback)
 * @param port port, 0 for any free one
 * @param tls the port's TLS material; {@code null} for plaintext on loopback only
 * @param database the local database of the {@code sql} and {@code aggregate} units
 * @param units names of the built-in units to host ({@link BuiltinUnits#ALL})
 * @param seedDemo organisation whose demo rows to write into the database, or {@code null}
 * @param workers executions that run at the same time
 * @param reflection whether to serve gRPC reflection (off unless asked for)
 */
public record EngineConfiguration(String name, String bindHost, int port, TlsMaterial tls,
        LocalDatabase.Settings database, Set<String> units, String seedDemo, int workers, boolean reflection) {

    /** Without gRPC reflection. */
    public EngineConfiguration(String name, String bindHost, int port, TlsMaterial tls,
            LocalDatabase.Settings database, Set<String> units, String seedDemo, int workers) {
        this(name, bindHost, port, tls, database, units, seedDemo, workers, false);
    }

    public EngineConfiguration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(database, "database");
        units = Set.copyOf(units);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        for (String unit : units) {
            if (!BuiltinUnits.ALL.contains(unit)) {
                throw new IllegalArgumentException("unknown unit " + unit + "; built-in units are " + BuiltinUnits.ALL);
            }
        }
    }
}
