package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.ClusterEvent;
import dev.weft.gateway.cluster.ClusterView;
import dev.weft.gateway.cluster.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft bench failover --mode cluster}: the organisation's gateway cluster (S4)
 * as three real {@code weft gateway run --cluster} processes signing as User2, User3 and
 * User4 (priorities 30, 20, 10), keeping each other alive over mutual TLS
 * ({@code --peer-members}) and sharing one engine. The cluster is created at start and
 * dissolved at the end ({@link MemberProcessRig}).
 */
public final class ClusterFailoverRig extends MemberProcessRig {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverRig.class);
    private static final String[][] MEMBERS = {{"m1", "User2", "30"}, {"m2", "User3", "20"}, {"m3", "User4", "10"}};
    private static final Pattern MARKS = Pattern.compile(
            "updateSent=(-?\\d+) updateCommitted=(-?\\d+) schedulerStarted=(-?\\d+)");

    /**
     * @param keepalive the members' keepalive cadence (null: a third of the TTL)
     */
    public record Settings(Profile profile, String profileArg, Path workDir, int ttlSeconds, Duration keepalive,
            int workers) {
    }

    private final Settings s;
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final Map<RecoveryProcess, Long> standbyMarks = new HashMap<>();

    public ClusterFailoverRig(Settings settings) {
        super(settings.profile(), settings.profileArg(), settings.workDir(), settings.workers(),
                List.of("acting master"));
        this.s = settings;
    }

    @Override
    public String mode() {
        return "cluster";
    }

    @Override
    public void start() throws Exception {
        createCluster(s.ttlSeconds());
        List<String> addresses = new ArrayList<>();
        for (String[] m : MEMBERS) {
            addresses.add("127.0.0.1:" + freePort());
        }
        for (int i = 0; i < MEMBERS.length; i++) {
            enrol(MEMBERS[i][0], MEMBERS[i][1], Integer.parseInt(MEMBERS[i][2]), addresses.get(i));
        }
        startEngine();
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
            relaunch(m[0]);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!admin.cluster(profile.mspId()).master().hasMaster()) {
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
            if (standingBy(p) > before) {
                return true;
            }
            Thread.sleep(100);
        }
        LOG.warn("member {} ({}) not standing by within {}{}", fault.instance(), p.name(), timeout,
                p.isAlive() ? "" : ": its process ended");
        return false;
    }

    private static long standingBy(RecoveryProcess p) {
        return p.countLog(Member.STANDING_BY) + p.countLog(Member.STARTING_SCHEDULER);
    }

    /** Starts a member's process without waiting for it: {@link #awaitStandby} and {@link #start} wait. */
    @Override
    protected void relaunch(String member) {
        launch(member, args.get(member), false);
    }

    @Override
    protected void beforeResume(RecoveryProcess p) {
        standbyMarks.put(p, standingBy(p));
    }

    @Override
    public String actingIdentity() {
        ClusterView view = admin.cluster(profile.mspId());
        if (!view.master().hasMaster()) {
            return null;
        }
        return view.member(view.master().memberId()).identity();
    }

    @Override
    public Fault fault(Kind kind) {
        ClusterView view = admin.cluster(profile.mspId());
        String member = view.master().memberId();
        if (member == null) {
            throw new IllegalStateException("the cluster has no master to fault");
        }
        return signal(member, view.member(member).identity(), kind, "master", view.master().epoch());
    }

    /** The first {@link Member#TAKEOVER_TIMING} line of any member whose Update was sent after the fault. */
    @Override
    public Optional<long[]> takeoverMarks(Fault fault) {
        long[] best = null;
        for (RecoveryProcess p : all) {
            for (String line : p.log().lines().filter(l -> l.contains(Member.TAKEOVER_TIMING)).toList()) {
                Matcher m = MARKS.matcher(line);
                if (m.find()) {
                    long[] marks = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
                    if (marks[0] > fault.atNanos() && (best == null || marks[0] < best[0])) {
                        best = marks;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
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
                .equals(profile.mspId()) ? e.path("master").path("identity").asText() : null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
