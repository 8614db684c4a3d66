package dev.weft.gateway.node;

import dev.weft.gateway.chain.ConnectionConfig;
import dev.weft.gateway.cluster.Member;
import dev.weft.gateway.cluster.PairMember;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.gateway.scheduler.SchedulerConfig;
import dev.weft.gateway.transport.TlsMaterial;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a {@link GatewayNode} is built from: what {@code weft gateway run} parses from its
 * options, and what the benchmarks and the integration tests set in code. Only the connection
 * and a store are required; the rest has the defaults of {@code weft gateway run}.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.builder(connection)
 *         .sqlite(folder)
 *         .engines(tls, Duration.ofMinutes(5), List.of("127.0.0.1:7060"))
 *         .scheduler(SchedulerConfig.builder(connection.mspId()).workers(16))
 *         .build();
 * }</pre>
 *
 * @param connection   the organisation's user on the channel
 * @param scheduler    the scheduler's settings; its start block is replaced by {@code startBlock}
 * @param startBlock   first block to read without a checkpoint; null: the chain's height at start
 * @param storeUrl     JDBC URL of the store; null: SQLite in {@code dataFolder}
 * @param dataFolder   the SQLite store's folder (when {@code storeUrl} is null)
 * @param engineTls    TLS of the gateway's engine clients (null when no engine is static and no feed)
 * @param engineDeadline deadline of one engine call
 * @param engines      the static engines (HOST:PORT)
 * @param engineFeed   what adds and removes engines as they come and go (a service center), or null
 * @param member       this gateway as a member of its organisation's cluster (S4), or null
 * @param pair         with {@code member}: this member of a hot pair (S3) instead, or null
 * @param notices      follow governance notices for the organisation (S2.6) into the log and meters
 * @param consensusReports report other organisations' disagreements to their clusters (S4.7)
 * @param meters       the registry the gateway's meters go to, or null for a private one
 * @param ports        the admin and API ports and their identity, or {@link Ports#NONE}
 */
public record GatewayConfig(ConnectionConfig connection, SchedulerConfig scheduler, Long startBlock,
        String storeUrl, Path dataFolder, TlsMaterial engineTls, Duration engineDeadline, List<String> engines,
        Function<EngineDirectory, AutoCloseable> engineFeed, Member.Config member, PairMember.Config pair,
        boolean notices, boolean consensusReports, PrometheusMeterRegistry meters, Ports ports) {

    public GatewayConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(scheduler, "scheduler");
        if (storeUrl == null && dataFolder == null) {
            throw new IllegalArgumentException("a gateway needs a store: a JDBC URL or a data folder");
        }
        if (pair != null && member == null) {
            throw new IllegalArgumentException("a pair member is a cluster member: give the member too");
        }
        engines = List.copyOf(engines);
        Objects.requireNonNull(engineDeadline, "engineDeadline");
        Objects.requireNonNull(ports, "ports");
    }

    /**
     * The admin port (console, metrics, health) and the users' gRPC API port, both mutual TLS
     * with {@code identity}, on {@code bind}; a null port is not opened.
     */
    public record Ports(String bind, Integer admin, Integer api, TlsMaterial identity) {
        public static final Ports NONE = new Ports("127.0.0.1", null, null, null);

        public Ports {
            Objects.requireNonNull(bind, "bind");
            if ((admin != null || api != null) && identity == null) {
                throw new IllegalArgumentException("the admin and API ports need the organisation's TLS identity");
            }
        }
    }

    public static Builder builder(ConnectionConfig connection) {
        return new Builder(connection);
    }

    /** Builds a {@link GatewayConfig}; see there for what each setting means. */
    public static final class Builder {
        private final ConnectionConfig connection;
        private SchedulerConfig scheduler;
        private Long startBlock;
        private String storeUrl;
        private Path dataFolder;
        private TlsMaterial engineTls;
        private Duration engineDeadline = Duration.ofMinutes(5);
        private List<String> engines = List.of();
        private Function<EngineDirectory, AutoCloseable> engineFeed;
        private Member.Config member;
        private PairMember.Config pair;
        private boolean notices;
        private boolean consensusReports;
        private PrometheusMeterRegistry meters;
        private Ports ports = Ports.NONE;

        private Builder(ConnectionConfig connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.scheduler = SchedulerConfig.defaults(connection.mspId());
        }

        public Builder scheduler(SchedulerConfig.Builder v) {
            scheduler = v.build();
            return this;
        }

        public Builder startBlock(Long v) {
            startBlock = v;
            return this;
        }

        public Builder store(String jdbcUrl) {
            storeUrl = jdbcUrl;
            return this;
        }

        public Builder sqlite(Path folder) {
            dataFolder = folder;
            return this;
        }

        public Builder engines(TlsMaterial tls, Duration deadline, List<String> endpoints) {
            engineTls = tls;
            engineDeadline = deadline;
            engines = endpoints;
            return this;
        }

        public Builder engineFeed(Function<EngineDirectory, AutoCloseable> v) {
            engineFeed = v;
            return this;
        }

        public Builder member(Member.Config v) {
            member = v;
            return this;
        }

        public Builder pair(PairMember.Config v) {
            pair = v;
            return this;
        }

        /** Governance notices (S2.6) and consensus reports (S4.7), as {@code weft gateway run} follows them. */
        public Builder followers(boolean governanceNotices, boolean reports) {
            notices = governanceNotices;
            consensusReports = reports;
            return this;
        }

        public Builder meters(PrometheusMeterRegistry v) {
            meters = v;
            return this;
        }

        public Builder ports(Ports v) {
            ports = v;
            return this;
        }

        public GatewayConfig build() {
            return new GatewayConfig(connection, scheduler, startBlock, storeUrl, dataFolder, engineTls,
                    engineDeadline, engines, engineFeed, member, pair, notices, consensusReports, meters, ports);
        }
    }
}
