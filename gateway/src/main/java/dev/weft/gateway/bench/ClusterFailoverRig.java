package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.ClusterEvent;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.ClusterView;
import dev.weft.gateway.cluster.Member;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench failover --mode cluster}: the organisation's gateway cluster (S4)
 * as three real {@code weft gateway run --cluster} processes signing as User2, User3 and
 * User4 (priorities 30, 20, 10), keeping each other alive over mutual TLS
 * ({@code --peer-members}) and sharing one engine. The cluster is created at start and
 * dissolved at the end, so the organisation is unfenced again afterwards; an existing
 * cluster is left alone (the run refuses to start).
 */
public final class ClusterFailoverRig implements FailoverRig {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverRig.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private static final String CLUSTER = "bench";
    private static final String[][] MEMBERS = {{"m1", "User2", "30"}, {"m2", "User3", "20"}, {"m3", "User4", "10"}};

    /**
     * @param keepalive the members' keepalive cadence (null: a third of the TTL)
     */
    public record Settings(Profile profile, String profileArg, Path workDir, int ttlSeconds, Duration keepalive,
            int workers) {
    }

    private final Settings s;
    private final Path logs;
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final Map<String, RecoveryProcess> running = new LinkedHashMap<>();
    private final List<RecoveryProcess> all = new ArrayList<>();
    private final Map<String, Integer> generation = new LinkedHashMap<>();
    private final Map<RecoveryProcess, Long> standbyMarks = new java.util.HashMap<>();
    private ChainClient adminChain;
    private ClusterLedger admin;
    private RecoveryProcess engine;
    private boolean created;

    public ClusterFailoverRig(Settings settings) {
        this.s = settings;
        this.logs = settings.workDir().resolve("logs");
    }

    @Override
    public String mode() {
        return "cluster";
    }

    @Override
    public void start() throws Exception {
        String msp = s.profile().mspId();
        adminChain = ChainClient.connect(s.profile().connection("Admin", 0));
        admin = new ClusterLedger(adminChain);
        try {
            admin.cluster(msp);
            throw new IllegalStateException(msp + " already has a gateway cluster; the benchmark creates its own "
                    + "(dissolve it first: weft cluster dissolve --user Admin)");
        } catch (ChainException e) {
            if (!e.is(ErrorCode.NOT_FOUND)) {
                throw e;
            }
        }
        admin.create(CLUSTER, s.ttlSeconds());
        created = true;
        List<String> addresses = new ArrayList<>();
        for (String[] m : MEMBERS) {
            addresses.add("127.0.0.1:" + freePort());
        }
        for (int i = 0; i < MEMBERS.length; i++) {
            String[] m = MEMBERS[i];
            String fabricId = QualifiedId.of(s.profile().connection(m[1], 0));
            admin.enrol(msp, m[0], fabricId.substring(fabricId.indexOf('/') + 1), Integer.parseInt(m[2]),
                    addresses.get(i), true);
        }
        engine = RecoveryProcess.engine("failover-engine", s.profileArg(), s.workDir().resolve("engine"), 32, logs);
        all.add(engine);
        for (int i = 0; i < MEMBERS.length; i++) {
            String[] m = MEMBERS[i];
            List<String> peers = new ArrayList<>(addresses);
            peers.remove(i);
            List<String> a = new ArrayList<>(List.of("--user", m[1], "--cluster", CLUSTER, "--member", m[0],
                    "--priority", m[2], "--peer-members", String.join(",", peers)));
            if (s.keepalive() != null) {
                a.addAll(List.of("--keepalive", s.keepalive().toMillis() + "ms"));
            }
            args.put(m[0], a);
            launch(m[0]);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!admin.cluster(msp).master().hasMaster()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no member of the cluster became master within 5 minutes");
            }
            Thread.sleep(200);
        }
        for (String member : running.keySet()) {
            Fault started = new Fault(member, null, Kind.SIGKILL, System.nanoTime());
            if (!awaitStandby(started, Duration.ofMinutes(5))) {
                throw new IllegalStateException("member " + member + " did not finish its first round within 5 minutes");
            }
        }
    }

    /**
     * The relaunched (or resumed) member has logged {@link Member#STANDING_BY} (or, at the
     * start, become master) more often than before its repair.
     */
    @Override
    public boolean awaitStandby(Fault fault, Duration timeout) throws InterruptedException {
        RecoveryProcess p = running.get(fault.instance());
        long before = standbyMarks.getOrDefault(p, 0L);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (p.countLog(Member.STANDING_BY) + p.countLog(Member.STARTING_SCHEDULER) > before) {
                return true;
            }
            Thread.sleep(100);
        }
        LOG.warn("member {} ({}) not standing by within {}{}", fault.instance(), p.name(), timeout,
                p.isAlive() ? "" : ": its process ended");
        return false;
    }

    /** Starts a member's process without waiting for it: {@link #awaitStandby} and {@link #start} wait. */
    private void launch(String member) {
        int gen = generation.merge(member, 1, Integer::sum);
        RecoveryProcess p = RecoveryProcess.launchGateway(member + "-" + gen, s.profileArg(),
                List.of(engine.endpoint()), s.workDir().resolve(member), s.workers(), Map.of(), args.get(member), logs);
        running.put(member, p);
        all.add(p);
    }

    @Override
    public String actingIdentity() {
        ClusterView view = admin.cluster(s.profile().mspId());
        if (!view.master().hasMaster()) {
            return null;
        }
        return view.member(view.master().memberId()).identity();
    }

    @Override
    public Fault fault(Kind kind) {
        ClusterView view = admin.cluster(s.profile().mspId());
        String member = view.master().memberId();
        if (member == null) {
            throw new IllegalStateException("the cluster has no master to fault");
        }
        RecoveryProcess p = running.get(member);
        long at = System.nanoTime();
        if (kind == Kind.SIGKILL) {
            p.kill();
        } else {
            p.pause();
        }
        LOG.info("{} of master {} (epoch {})", kind, member, view.master().epoch());
        return new Fault(member, view.member(member).identity(), kind, at);
    }

    @Override
    public void repair(Fault fault) {
        if (fault.kind() == Kind.SIGSTOP) {
            RecoveryProcess p = running.get(fault.instance());
            standbyMarks.put(p, p.countLog(Member.STANDING_BY) + p.countLog(Member.STARTING_SCHEDULER));
            p.resume();
        } else {
            launch(fault.instance());
        }
    }

    @Override
    public long refusedFromDeposed() {
        long n = 0;
        for (RecoveryProcess p : all) {
            n += p.log().lines().filter(l -> (l.contains("NOT_MASTER") || l.contains("STALE_EPOCH"))
                    && !l.contains("acting master")).count();
        }
        return n;
    }

    @Override
    public boolean isKeepalive(String eventName, byte[] payload) {
        return ClusterEvent.NAME.equals(eventName) && "KEEPALIVE".equals(read(payload).path("kind").asText());
    }

    @Override
    public String newActor(String eventName, byte[] payload) {
        if (!ClusterEvent.NAME.equals(eventName)) {
            return null;
        }
        JsonNode e = read(payload);
        String kind = e.path("kind").asText();
        return ("REGISTERED".equals(kind) || "UPDATED".equals(kind)) && e.path("mspId").asText()
                .equals(s.profile().mspId()) ? e.path("master").path("identity").asText() : null;
    }

    @Override
    public void close() {
        for (RecoveryProcess p : all) {
            p.close();
        }
        if (created) {
            try {
                admin.dissolve();
            } catch (RuntimeException e) {
                LOG.warn("could not dissolve the benchmark's cluster: {}", e.toString());
            }
        }
        if (adminChain != null) {
            adminChain.close();
        }
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
