package dev.weft.gateway.registry;

import dev.weft.gateway.transport.TlsMaterial;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link RegistryServer#start(RegistryConfiguration)} needs; what
 * {@code weft gateway run --registry-port} turns its options into.
 *
 * <pre>{@code
 * RegistryConfiguration config = RegistryConfiguration.tls("127.0.0.1", 7070,
 *         Profile.load("org1").gatewayTls());
 * RegistryConfiguration forTests = RegistryConfiguration.insecureLoopback(0)
 *         .withHeartbeat(Duration.ofMillis(100), 3);
 * }</pre>
 *
 * @param bindHost interface of the TLS port (plaintext always binds loopback)
 * @param port port, 0 for any free one
 * @param tls the organisation's gatewayTls certificate, key and CA (clients must present a
 *     certificate of that CA); {@code null} only with insecureLoopback
 * @param insecureLoopback plaintext on 127.0.0.1: tests and local experiments only
 * @param heartbeatInterval how often frameworks heartbeat
 * @param missedHeartbeats intervals without a heartbeat before a framework is marked down
 * @param maxFrameworks frameworks the center lists at most; more registrations are refused
 */
public record RegistryConfiguration(String bindHost, int port, TlsMaterial tls, boolean insecureLoopback,
        Duration heartbeatInterval, int missedHeartbeats, int maxFrameworks) {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
    public static final int DEFAULT_MISSED = 3;

    public RegistryConfiguration {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (tls == null && !insecureLoopback) {
            throw new IllegalArgumentException("the service center needs TLS (the profile's gatewayTls), "
                    + "or an explicit insecure loopback setting");
        }
        if (tls != null && insecureLoopback) {
            throw new IllegalArgumentException("choose TLS or insecure loopback, not both");
        }
        if (maxFrameworks < 1) {
            throw new IllegalArgumentException("maxFrameworks must be at least 1");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || missedHeartbeats < 1) {
            throw new IllegalArgumentException("heartbeat interval must be positive and missed heartbeats at least 1");
        }
    }

    /** TLS on {@code bindHost:port} with the organisation's gateway TLS certificate. */
    public static RegistryConfiguration tls(String bindHost, int port, TlsMaterial tls) {
        return new RegistryConfiguration(bindHost, port, Objects.requireNonNull(tls, "tls"), false,
                DEFAULT_HEARTBEAT, DEFAULT_MISSED, ServiceCenter.DEFAULT_MAX_FRAMEWORKS);
    }

    /** Plaintext on 127.0.0.1 only. */
    public static RegistryConfiguration insecureLoopback(int port) {
        return new RegistryConfiguration("127.0.0.1", port, null, true, DEFAULT_HEARTBEAT, DEFAULT_MISSED,
                ServiceCenter.DEFAULT_MAX_FRAMEWORKS);
    }

    public RegistryConfiguration withHeartbeat(Duration interval, int missed) {
        return new RegistryConfiguration(bindHost, port, tls, insecureLoopback, interval, missed, maxFrameworks);
    }

    public RegistryConfiguration withMaxFrameworks(int max) {
        return new RegistryConfiguration(bindHost, port, tls, insecureLoopback, heartbeatInterval, missedHeartbeats,
                max);
    }
}
