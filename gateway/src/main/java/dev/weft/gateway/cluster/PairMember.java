package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.chain.EventStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a gateway pair (S3.1–S3.5): {@code weft gateway run --cluster NAME
 * --member ID --pair}. It sends a beacon ({@code pair:Beacon}, its own key) twice per
 * window, follows the pair's events from the block the pair was created in and keeps
 * the {@link LivenessTable} from them, and applies the rules after every change:
 * as sync member it promotes itself ({@code pair:Promote}, a compare-and-set of the
 * epoch) when its partner was absent from the last N windows and itself present (S3.3);
 * as validator it demotes itself and stops submitting at once when it was absent from
 * them and its partner present (S3.4).
 *
 * <p>It runs its {@link MasterWork} only while its {@link MasterLease} holds: a
 * beacon committed while the chain names it validator renews the lease until the send
 * time plus {@code N × window − window / 2}, shorter than the chain's own bound on a
 * promotion (N windows after the validator's last beacon), so it has stopped before its
 * partner can take over. The clock is monotonic: after a pause (SIGSTOP) the lease has
 * lapsed when the process resumes, and the watchdog stops the work before anything
 * else runs; the chain's fencing refuses whatever was already on its way. The work's
 * start and stop run on {@link MasterRole}'s thread, as a cluster {@link Member}'s do.
 *
 * <pre>{@code
 * MasterLease lease = new MasterLease(System::nanoTime);
 * ChainClient chain = ChainClient.connect(config, RetryPolicy.DEFAULT, lease);
 * try (PairMember m = PairMember.start(new PairMember.Config("Org1MSP", "org1", "a", null), chain, lease, work)) { … }
 * }</pre>
 */
public final class PairMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PairMember.class);

    /** @param beacon the beacon cadence (null: half a window) */
    public record Config(String mspId, String cluster, String memberId, Duration beacon) {
        public Config {
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    private final Config config;
    private final PairLedger ledger;
    private final ChainClient chain;
    private final MasterLease lease;
    private final MasterRole role;
    private final PairLedger.Settings settings;
    private final LivenessTable table;
    private final Duration interval;
    private final Duration validity;
    private final LongSupplier clock = System::nanoTime;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2,
            MasterRole.daemons("weft-pair"));
    /** Beacons are sent on a fixed rate, each on its own thread, so a slow commit never delays the next. */
    private final ExecutorService beacons = Executors.newFixedThreadPool(3,
            MasterRole.daemons("weft-pair-beacon"));
    private final ExecutorService decider = Executors.newSingleThreadExecutor(MasterRole.daemons("weft-pair-decide"));
    private final AtomicBoolean decisionQueued = new AtomicBoolean();
    private EventStream events;
    /** The validator and epoch the chain names (GetPair and PROMOTED events); -1 before the first read. */
    private volatile long chainEpoch = -1;
    private volatile String chainValidator;
    /** The epoch at which this member demoted itself (S3.4): it acts at no epoch up to it again. */
    private volatile long demotedAt = -1;
    private volatile LivenessTable.Decision lastDecision = LivenessTable.Decision.UNDECIDED;

    private PairMember(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        this.config = config;
        this.chain = chain;
        this.ledger = new PairLedger(chain);
        this.lease = lease;
        this.role = new MasterRole(config.memberId(), work, "weft-pair-role");
        JsonNode view = ledger.pair(config.mspId());
        this.settings = PairLedger.settings(view);
        if (!settings.cluster().equals(config.cluster())) {
            throw new IllegalArgumentException("the cluster of " + config.mspId() + " is named " + settings.cluster()
                    + ", not " + config.cluster());
        }
        if (!settings.members().contains(config.memberId())) {
            throw new IllegalArgumentException(config.memberId() + " is not one of the pair " + settings.members());
        }
        Duration window = Duration.ofSeconds(settings.windowSeconds());
        this.interval = config.beacon() != null ? config.beacon() : window.dividedBy(2);
        if (interval.compareTo(window.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("the beacon cadence must be at most half a window (" + window + ")");
        }
        this.validity = leaseValidity(settings.windows(), settings.windowSeconds());
        this.table = new LivenessTable(settings.members(), settings.windows());
        readMaster(view.path("master"));
    }

    public static PairMember start(Config config, ChainClient chain, MasterLease lease, MasterWork work) {
        PairMember m = new PairMember(config, chain, lease, work);
        long from = m.ledger.blockOf(m.settings.txId());
        m.events = EventStream.start(() -> chain, from, new InMemoryCheckpointer(), m::onEvent);
        m.timer.scheduleAtFixedRate(() -> m.beacons.execute(m::beaconSafely), 0, m.interval.toMillis(),
                TimeUnit.MILLISECONDS);
        m.timer.scheduleWithFixedDelay(m::watchdog, 100, 100, TimeUnit.MILLISECONDS);
        LOG.info("member {} of pair {} ({}) started: N = {} windows of {} s, beacon every {}, history from block {}",
                config.memberId(), config.cluster(), config.mspId(), m.settings.windows(),
                m.settings.windowSeconds(), m.interval, from);
        return m;
    }

    /**
     * How long a beacon committed as validator keeps the lease: N windows less half a
     * window, shorter than the chain's bound on a promotion (the validator's last beacon
     * plus N windows, transaction time), so the validator has stopped before its partner
     * can be promoted.
     */
    static Duration leaseValidity(int windows, int windowSeconds) {
        Duration window = Duration.ofSeconds(windowSeconds);
        return window.multipliedBy(windows).minus(window.dividedBy(2));
    }

    public PairLedger.Settings settings() {
        return settings;
    }

    /** The liveness table this member keeps. */
    public LivenessTable table() {
        return table;
    }

    private String partner() {
        return settings.members().get(0).equals(config.memberId()) ? settings.members().get(1)
                : settings.members().get(0);
    }

    private boolean namedValidator() {
        return config.memberId().equals(chainValidator) && chainEpoch > demotedAt;
    }

    private synchronized void readMaster(JsonNode master) {
        long epoch = master.path("epoch").asLong();
        if (epoch < chainEpoch) {
            return;
        }
        chainEpoch = epoch;
        chainValidator = master.path("memberId").isTextual() ? master.path("memberId").asText() : null;
        if (!namedValidator()) {
            lease.revoke();
            stepDown("the chain names " + (chainValidator == null ? "no member" : chainValidator)
                    + " validator at epoch " + epoch);
        }
    }

    private void beaconSafely() {
        try {
            beacon();
        } catch (RuntimeException e) {
            LOG.warn("member {}: beacon failed: {}", config.memberId(), e.getMessage());
        }
    }

    private void beacon() {
        long epoch = Math.max(chainEpoch, 0);
        String role = lease.acting() ? "VALIDATOR" : "SYNC";
        long sentAt = clock.getAsLong();
        ledger.beacon(config.memberId(), role, epoch);
        readMaster(ledger.pair(config.mspId()).path("master"));
        if (namedValidator()) {
            lease.renewed(chainEpoch, sentAt, validity);
            becomeValidator(chainEpoch);
        }
        decideSoon();
    }

    private void onEvent(org.hyperledger.fabric.client.ChaincodeEvent raw) {
        PairLedger.PairEvent e = PairLedger.PairEvent.of(raw);
        if (e == null || !config.mspId().equals(e.mspId())) {
            return;
        }
        switch (e.kind()) {
            case "BEACON" -> {
                if (table.add(e.memberId(), e.round())) {
                    decideSoon();
                }
            }
            case "PROMOTED" -> {
                readMaster(PairLedger.read(raw.getPayload()).path("master"));
                LOG.info("member {}: {} promoted at epoch {} (block {})", config.memberId(), e.memberId(),
                        e.epoch(), e.blockNumber());
            }
            default -> { }
        }
    }

    private void decideSoon() {
        if (decisionQueued.compareAndSet(false, true)) {
            decider.execute(() -> {
                decisionQueued.set(false);
                try {
                    decide();
                } catch (RuntimeException ex) {
                    LOG.warn("member {}: decision failed: {}", config.memberId(), ex.getMessage());
                }
            });
        }
    }

    /** The rules, applied to the table as it is now; a vacant validator role (none at the epoch) is filled at once. */
    private void decide() {
        boolean validator = namedValidator();
        LivenessTable.Decision d = table.decide(config.memberId(), validator);
        if (d != lastDecision) {
            LOG.info("member {}: decision {} over windows {}", config.memberId(), d,
                    table.lastClosed(settings.windows()));
            lastDecision = d;
        }
        if (validator) {
            if (d == LivenessTable.Decision.DEMOTE) {
                demotedAt = chainEpoch;
                lease.revoke();
                stepDown("S3.4: not alive in the last " + settings.windows() + " windows while " + partner()
                        + " was");
            }
            return;
        }
        if (chainEpoch < 0 || config.memberId().equals(chainValidator)) {
            return;
        }
        if (chainValidator == null) {
            promote("no validator at epoch " + chainEpoch);
        } else if (d == LivenessTable.Decision.PROMOTE) {
            promote(partner() + " not alive in the last " + settings.windows() + " windows, itself in all (S3.3)");
        }
    }

    private void promote(String why) {
        long epoch = chainEpoch;
        long sentAt = clock.getAsLong();
        try {
            JsonNode master = ledger.promote(config.memberId(), epoch);
            readMaster(master);
            lease.renewed(master.path("epoch").asLong(), sentAt, validity);
            LOG.info("member {}: validator of pair {} at epoch {} ({})", config.memberId(), config.cluster(),
                    master.path("epoch").asLong(), why);
            becomeValidator(master.path("epoch").asLong());
        } catch (ChainException e) {
            LOG.info("member {}: promotion from epoch {} refused: {}", config.memberId(), epoch, e.reason());
            readMaster(ledger.pair(config.mspId()).path("master"));
        }
    }

    private void watchdog() {
        if (role.workingEpoch() >= 0 && !lease.acting()) {
            stepDown("its lease lapsed (no beacon committed in time as validator)");
        }
    }

    private void becomeValidator(long epoch) {
        if (!lease.acting()) {
            return;
        }
        role.enter(epoch, e -> lease.acting(), e -> {
            LOG.info("member {}: starting the scheduler as validator at epoch {}", config.memberId(), e);
            role.startWork(e);
        });
    }

    private void stepDown(String why) {
        role.leave(why, epoch -> LOG.warn("member {}: demotes itself to sync at epoch {}: {}", config.memberId(),
                epoch, why));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        beacons.shutdownNow();
        decider.shutdownNow();
        if (events != null) {
            events.close();
        }
        lease.revoke();
        stepDown("shutting down");
        role.close();
    }
}
