package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.cluster.PairLedger;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench failover --mode pair}: the organisation's gateway pair (S3) as two
 * real {@code weft gateway run --cluster bench --pair} processes signing as User3 and
 * User4 and sharing one engine; they switch from the beacons in committed blocks over
 * the last N windows. The cluster and pair are created at start and dissolved at the
 * end; an existing cluster is left alone (the run refuses to start).
 */
public final class PairFailoverRig implements FailoverRig {
    private static final Logger LOG = LoggerFactory.getLogger(PairFailoverRig.class);
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private static final String CLUSTER = "bench";
    private static final String[][] MEMBERS = {{"p1", "User3"}, {"p2", "User4"}};

    /** @param windows N; @param windowSeconds the window length */
    public record Settings(Profile profile, String profileArg, Path workDir, int windows, int windowSeconds,
            int workers) {
    }

    private final Settings s;
    private final Path logs;
    private final Map<String, RecoveryProcess> running = new LinkedHashMap<>();
    private final List<RecoveryProcess> all = new ArrayList<>();
    private final Map<String, Integer> generation = new LinkedHashMap<>();
    private ChainClient adminChain;
    private ClusterLedger admin;
    private PairLedger pairs;
    private RecoveryProcess engine;
    private boolean created;

    public PairFailoverRig(Settings settings) {
        this.s = settings;
        this.logs = settings.workDir().resolve("logs");
    }

    @Override
    public String mode() {
        return "pair";
    }

    @Override
    public void start() throws Exception {
        String msp = s.profile().mspId();
        adminChain = ChainClient.connect(s.profile().connection("Admin", 0));
        admin = new ClusterLedger(adminChain);
        pairs = new PairLedger(adminChain);
        try {
            admin.cluster(msp);
            throw new IllegalStateException(msp + " already has a gateway cluster; the benchmark creates its own "
                    + "(dissolve it first: weft cluster dissolve --user Admin)");
        } catch (ChainException e) {
            if (!e.is(ErrorCode.NOT_FOUND)) {
                throw e;
            }
        }
        admin.create(CLUSTER, 6);
        created = true;
        for (int i = 0; i < MEMBERS.length; i++) {
            String fabricId = QualifiedId.of(s.profile().connection(MEMBERS[i][1], 0));
            admin.enrol(msp, MEMBERS[i][0], fabricId.substring(fabricId.indexOf('/') + 1), 10,
                    "127.0.0.1:" + (i + 1), true);
        }
        pairs.create(MEMBERS[0][0], MEMBERS[1][0], s.windows(), s.windowSeconds());
        engine = RecoveryProcess.engine("failover-engine", s.profileArg(), s.workDir().resolve("engine"), 32, logs);
        all.add(engine);
        for (String[] m : MEMBERS) {
            launch(m[0]);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (actingIdentity() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no member of the pair became validator within 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    private String user(String member) {
        for (String[] m : MEMBERS) {
            if (m[0].equals(member)) {
                return m[1];
            }
        }
        throw new IllegalArgumentException(member);
    }

    private void launch(String member) {
        int gen = generation.merge(member, 1, Integer::sum);
        RecoveryProcess p = RecoveryProcess.gateway(member + "-" + gen, s.profileArg(), List.of(engine.endpoint()),
                s.workDir().resolve(member), s.workers(), Map.of(),
                List.of("--user", user(member), "--cluster", CLUSTER, "--member", member, "--pair"), logs);
        running.put(member, p);
        all.add(p);
    }

    private JsonNode master() {
        return pairs.pair(s.profile().mspId()).path("master");
    }

    @Override
    public String actingIdentity() {
        JsonNode m = master();
        return m.path("identity").isTextual() ? m.path("identity").asText() : null;
    }

    @Override
    public Fault fault(Kind kind) {
        JsonNode m = master();
        String member = m.path("memberId").asText(null);
        if (member == null) {
            throw new IllegalStateException("the pair has no validator to fault");
        }
        RecoveryProcess p = running.get(member);
        long at = System.nanoTime();
        if (kind == Kind.SIGKILL) {
            p.kill();
        } else {
            p.pause();
        }
        LOG.info("{} of validator {} (epoch {})", kind, member, m.path("epoch").asLong());
        return new Fault(member, m.path("identity").asText(), kind, at);
    }

    @Override
    public void repair(Fault fault) {
        if (fault.kind() == Kind.SIGSTOP) {
            running.get(fault.instance()).resume();
        } else {
            launch(fault.instance());
        }
    }

    @Override
    public long refusedFromDeposed() {
        long n = 0;
        for (RecoveryProcess p : all) {
            n += p.log().lines().filter(l -> (l.contains("NOT_MASTER") || l.contains("STALE_EPOCH"))
                    && !l.contains("acting master") && !l.contains("promotion from epoch")).count();
        }
        return n;
    }

    @Override
    public boolean isKeepalive(String eventName, byte[] payload) {
        return PairLedger.EVENT_NAME.equals(eventName) && "BEACON".equals(read(payload).path("kind").asText());
    }

    @Override
    public String newActor(String eventName, byte[] payload) {
        if (!PairLedger.EVENT_NAME.equals(eventName)) {
            return null;
        }
        JsonNode e = read(payload);
        return "PROMOTED".equals(e.path("kind").asText()) && e.path("mspId").asText().equals(s.profile().mspId())
                ? e.path("master").path("identity").asText() : null;
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
}
