package dev.weft.gateway.engine.exchange;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.weft.gateway.engine.Digests;
import dev.weft.proto.exchange.v1.Ack;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange of one organisation's standard engine (S1.10): the sessions of the
 * collaborative executions it runs, the items arriving for them, and the delivery of
 * the items they send — store and forward: an item is kept and offered again, with
 * backoff, until the receiver acknowledges it, so a receiver that is away for a while
 * (not running the attempt yet, restarting, unreachable) gets everything when it is
 * back. Refusals that cannot change (not a participant, digest mismatch, another
 * payload under the same name) end the session's receives at once instead.
 */
public final class ExchangeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeHub.class);
    /** Codes that say "not now": the receiver may take the item later. */
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.FAILED_PRECONDITION, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED, Status.Code.CANCELLED, Status.Code.UNKNOWN);

    /** An attempt of a subtask. */
    public record Key(String taskId, String subtaskId, int attempt) {
        @Override
        public String toString() {
            return taskId + "/" + subtaskId + "#" + attempt;
        }
    }

    private final String self;
    private final ChannelCredentials credentials;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration callDeadline;
    private final Map<Key, ExchangeSession> sessions = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /**
     * @param credentials how this engine calls the others' exchange ports: its own TLS identity,
     *                    and the member organisations' TLS CAs as trust
     * @param lifetime    how long a session lives after it opens (receives and redeliveries stop then)
     */
    public ExchangeHub(String self, ChannelCredentials credentials, ScheduledExecutorService timer, Clock clock,
            Duration lifetime) {
        this.self = self;
        this.credentials = credentials;
        this.timer = timer;
        this.clock = clock;
        this.lifetime = lifetime;
        this.callDeadline = Duration.ofSeconds(30);
    }

    public String self() {
        return self;
    }

    /**
     * The session of an attempt, opened now or, for a resend, the one already open (its
     * endpoints refreshed).
     */
    public ExchangeSession open(Key key, List<String> participants, Map<String, String> endpoints) {
        if (!participants.contains(self)) {
            throw new IllegalArgumentException(self + " is not a participant of " + key);
        }
        ExchangeSession session = sessions.computeIfAbsent(key, k -> {
            ExchangeSession s = new ExchangeSession(this, k, self, participants, endpoints,
                    clock.instant().plus(lifetime));
            timer.schedule(() -> expire(k, s), lifetime.toMillis(), TimeUnit.MILLISECONDS);
            return s;
        });
        session.endpoints(endpoints);
        return session;
    }

    public Optional<ExchangeSession> find(Key key) {
        return Optional.ofNullable(sessions.get(key));
    }

    /**
     * An item arriving from {@code callerMsp} (the organisation whose TLS CA issued the caller's
     * certificate).
     *
     * @throws StatusRuntimeException PERMISSION_DENIED when the caller is not the sender, the item is
     *     not for this organisation, or the sender is no participant; INVALID_ARGUMENT for a malformed
     *     item or a payload that does not match its digest; FAILED_PRECONDITION while this engine runs
     *     no such attempt (the sender tries again); ALREADY_EXISTS for another payload under a name
     */
    public Ack accept(String callerMsp, Item item) {
        if (!callerMsp.equals(item.getFromMspId())) {
            throw refuse(Status.PERMISSION_DENIED, "the caller is " + callerMsp + ", not the sender "
                    + item.getFromMspId());
        }
        if (!self.equals(item.getToMspId())) {
            throw refuse(Status.PERMISSION_DENIED, "this exchange serves " + self + ", not " + item.getToMspId());
        }
        if (!ExchangeSession.NAME.matcher(item.getName()).matches() || item.getTaskId().isEmpty()
                || item.getSubtaskId().isEmpty() || item.getAttempt() < 1) {
            throw refuse(Status.INVALID_ARGUMENT, "malformed item address");
        }
        if (!Digests.matches(item.getDigest(), item.getPayload().toByteArray())) {
            LOG.warn("refused item {} from {} for {}/{}#{}: its payload does not match its digest", item.getName(),
                    callerMsp, item.getTaskId(), item.getSubtaskId(), item.getAttempt());
            throw refuse(Status.INVALID_ARGUMENT, "payload does not match its digest " + item.getDigest());
        }
        Key key = new Key(item.getTaskId(), item.getSubtaskId(), item.getAttempt());
        ExchangeSession session = sessions.get(key);
        if (session == null) {
            throw refuse(Status.FAILED_PRECONDITION, self + " is not running " + key + " (yet)");
        }
        if (!session.participates(callerMsp)) {
            throw refuse(Status.PERMISSION_DENIED, callerMsp + " is not a participant of " + key);
        }
        try {
            boolean fresh = session.accept(item);
            LOG.debug("{} item {} from {} ({} bytes)", fresh ? "took" : "already had", item.getName(), callerMsp,
                    item.getPayload().size());
            return Ack.newBuilder().setDuplicate(!fresh).build();
        } catch (IllegalStateException e) {
            throw refuse(Status.ALREADY_EXISTS, e.getMessage());
        }
    }

    /** Items of {@code key} sent and not yet acknowledged. */
    int undelivered(Key key) {
        AtomicInteger n = inFlight.get(key);
        return n == null ? 0 : n.get();
    }

    /** Starts delivering an item a session sent; retried until acknowledged, refused for good, or expired. */
    void dispatch(ExchangeSession session, Item item) {
        inFlight.computeIfAbsent(session.key(), k -> new AtomicInteger()).incrementAndGet();
        attempt(session, item, 0);
    }

    private void attempt(ExchangeSession session, Item item, int tries) {
        if (!clock.instant().isBefore(session.expiresAt())) {
            done(session, item, "expired before " + item.getToMspId() + " took it");
            return;
        }
        String address = session.endpoint(item.getToMspId());
        if (address == null) {
            LOG.info("{}: no exchange endpoint of {} known; will try again", session.key(), item.getToMspId());
            retry(session, item, tries);
            return;
        }
        ExchangeGrpc.ExchangeFutureStub stub = ExchangeGrpc.newFutureStub(channel(address))
                .withDeadlineAfter(callDeadline.toMillis(), TimeUnit.MILLISECONDS);
        Futures.addCallback(stub.deliver(item), new FutureCallback<>() {
            @Override
            public void onSuccess(Ack ack) {
                done(session, item, null);
            }

            @Override
            public void onFailure(Throwable t) {
                Status status = Status.fromThrowable(t);
                if (TRANSIENT.contains(status.getCode())) {
                    if (tries == 0 || tries % 10 == 0) {
                        LOG.info("{}: {} did not take item {} yet ({}: {}); will try again", session.key(),
                                item.getToMspId(), item.getName(), status.getCode(), status.getDescription());
                    }
                    retry(session, item, tries);
                } else {
                    String reason = item.getToMspId() + " refused item " + item.getName() + ": " + status.getCode()
                            + " " + status.getDescription();
                    LOG.warn("{}: {}", session.key(), reason);
                    session.fail(reason);
                    done(session, item, reason);
                }
            }
        }, MoreExecutors.directExecutor());
    }

    private void retry(ExchangeSession session, Item item, int tries) {
        long delay = Math.min(5_000L, 200L << Math.min(tries, 5));
        timer.schedule(() -> attempt(session, item, tries + 1), delay, TimeUnit.MILLISECONDS);
    }

    private void done(ExchangeSession session, Item item, String problem) {
        inFlight.computeIfAbsent(session.key(), k -> new AtomicInteger()).decrementAndGet();
        if (problem != null) {
            LOG.debug("{}: delivery of {} to {} ended: {}", session.key(), item.getName(), item.getToMspId(), problem);
        }
    }

    private void expire(Key key, ExchangeSession session) {
        sessions.remove(key, session);
        inFlight.remove(key);
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> Grpc.newChannelBuilder(a, credentials)
                .maxInboundMessageSize(ExchangePort.MAX_ITEM_BYTES).build());
    }

    private static StatusRuntimeException refuse(Status status, String why) {
        return status.withDescription(why).asRuntimeException();
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
        sessions.clear();
    }
}
