package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.ErrorCode;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.ClusterLedger;
import dev.weft.gateway.governance.QualifiedId;
import dev.weft.gateway.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the failover rigs of real {@code weft gateway run --cluster} processes share
 * ({@link ClusterFailoverRig}, {@link PairFailoverRig}): the benchmark's own cluster,
 * created as Admin at the start (an existing cluster is left alone: the run refuses to
 * start) and dissolved at the end, so the organisation is unfenced again afterwards; the
 * members' enrolment; one shared engine; each member's processes, one generation per
 * launch; the faults by signal; and the count of refusals the members logged.
 */
abstract class MemberProcessRig implements FailoverRig {
    private static final Logger LOG = LoggerFactory.getLogger(MemberProcessRig.class);
    /** The name of the benchmark's cluster. */
    protected static final String CLUSTER = "bench";

    protected final Profile profile;
    /** The members' processes as they run now, by member id. */
    protected final Map<String, RecoveryProcess> running = new LinkedHashMap<>();
    /** Every process the rig started, the engine and every generation of every member. */
    protected final List<RecoveryProcess> all = new ArrayList<>();
    protected ClusterLedger admin;
    private final String profileArg;
    private final Path workDir;
    private final Path logs;
    private final int workers;
    private final List<String> notRefusals;
    private final Map<String, Integer> generation = new LinkedHashMap<>();
    private ChainClient adminChain;
    private RecoveryProcess engine;
    private boolean created;

    /**
     * @param notRefusals texts of log lines that name NOT_MASTER or STALE_EPOCH without being a
     *                    deposed member's refused write
     */
    protected MemberProcessRig(Profile profile, String profileArg, Path workDir, int workers,
            List<String> notRefusals) {
        this.profile = profile;
        this.profileArg = profileArg;
        this.workDir = workDir;
        this.logs = workDir.resolve("logs");
        this.workers = workers;
        this.notRefusals = List.copyOf(notRefusals);
    }

    /** Connects as Admin and creates the benchmark's cluster, unless the organisation already has one. */
    protected final ChainClient createCluster(int ttlSeconds) {
        String msp = profile.mspId();
        adminChain = ChainClient.connect(profile.connection("Admin", 0));
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
        admin.create(CLUSTER, ttlSeconds);
        created = true;
        return adminChain;
    }

    /** Enrols {@code member}, signing as {@code user}, as an electable member. */
    protected final void enrol(String member, String user, int priority, String address) {
        String fabricId = QualifiedId.of(profile.connection(user, 0));
        admin.enrol(profile.mspId(), member, fabricId.substring(fabricId.indexOf('/') + 1), priority, address, true);
    }

    /** Starts the engine the members share. */
    protected final void startEngine() {
        engine = RecoveryProcess.engine("failover-engine", profileArg, workDir.resolve("engine"), 32, logs);
        all.add(engine);
    }

    /**
     * Launches the next generation of {@code member}'s gateway with {@code args}; with
     * {@code awaitRunning}, returns once it runs, else at once.
     */
    protected final void launch(String member, List<String> args, boolean awaitRunning) {
        int gen = generation.merge(member, 1, Integer::sum);
        String name = member + "-" + gen;
        Path data = workDir.resolve(member);
        List<String> engines = List.of(engine.endpoint());
        RecoveryProcess p = awaitRunning
                ? RecoveryProcess.gateway(name, profileArg, engines, data, workers, Map.of(), args, logs)
                : RecoveryProcess.launchGateway(name, profileArg, engines, data, workers, Map.of(), args, logs);
        running.put(member, p);
        all.add(p);
    }

    /** Relaunches a member after SIGKILL. */
    protected abstract void relaunch(String member);

    /** Called before a SIGSTOPped member's process resumes. */
    protected void beforeResume(RecoveryProcess p) {
    }

    /**
     * Faults {@code member}, the acting one ({@code role} at {@code epoch}, for the log),
     * signing as {@code identity}.
     */
    protected final Fault signal(String member, String identity, Kind kind, String role, long epoch) {
        RecoveryProcess p = running.get(member);
        long at = System.nanoTime();
        if (kind == Kind.SIGKILL) {
            p.kill();
        } else {
            p.pause();
        }
        LOG.info("{} of {} {} (epoch {})", kind, role, member, epoch);
        return new Fault(member, identity, kind, at);
    }

    @Override
    public final void repair(Fault fault) {
        if (fault.kind() == Kind.SIGSTOP) {
            RecoveryProcess p = running.get(fault.instance());
            beforeResume(p);
            p.resume();
        } else {
            relaunch(fault.instance());
        }
    }

    @Override
    public final long refusedFromDeposed() {
        long n = 0;
        for (RecoveryProcess p : all) {
            n += p.log().lines().filter(l -> (l.contains("NOT_MASTER") || l.contains("STALE_EPOCH"))
                    && notRefusals.stream().noneMatch(l::contains)).count();
        }
        return n;
    }

    @Override
    public final void close() {
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

    /** A chaincode event's JSON payload. */
    protected static JsonNode read(byte[] payload) {
        return Json.PLAIN.read(payload, "cluster event");
    }
}
