package dev.weft.gateway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.Profile;
import dev.weft.gateway.cluster.PairLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code weft bench failover --mode pair}: the organisation's gateway pair (S3) as two
 * real {@code weft gateway run --cluster bench --pair} processes signing as User3 and
 * User4 and sharing one engine; they switch from the beacons in committed blocks over
 * the last N windows. The cluster and pair are created at start and dissolved at the
 * end ({@link MemberProcessRig}).
 */
public final class PairFailoverRig extends MemberProcessRig {
    private static final String[][] MEMBERS = {{"p1", "User3"}, {"p2", "User4"}};

    /** @param windows N; @param windowSeconds the window length */
    public record Settings(Profile profile, String profileArg, Path workDir, int windows, int windowSeconds,
            int workers) {
    }

    private final Settings s;
    private PairLedger pairs;

    public PairFailoverRig(Settings settings) {
        super(settings.profile(), settings.profileArg(), settings.workDir(), settings.workers(),
                List.of("acting master", "promotion from epoch"));
        this.s = settings;
    }

    @Override
    public String mode() {
        return "pair";
    }

    @Override
    public void start() throws Exception {
        pairs = new PairLedger(createCluster(6));
        for (int i = 0; i < MEMBERS.length; i++) {
            enrol(MEMBERS[i][0], MEMBERS[i][1], 10, "127.0.0.1:" + (i + 1));
        }
        pairs.create(MEMBERS[0][0], MEMBERS[1][0], s.windows(), s.windowSeconds());
        startEngine();
        for (String[] m : MEMBERS) {
            relaunch(m[0]);
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

    /** Starts a member's process and waits until it runs. */
    @Override
    protected void relaunch(String member) {
        launch(member, List.of("--user", user(member), "--cluster", CLUSTER, "--member", member, "--pair"), true);
    }

    private JsonNode master() {
        return pairs.pair(profile.mspId()).path("master");
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
        return signal(member, m.path("identity").asText(), kind, "validator", m.path("epoch").asLong());
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
        return "PROMOTED".equals(e.path("kind").asText()) && e.path("mspId").asText().equals(profile.mspId())
                ? e.path("master").path("identity").asText() : null;
    }
}
