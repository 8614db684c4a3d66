package dev.weft.gateway.registry;

import dev.weft.gateway.transport.GrpcClientBuilder;
import dev.weft.proto.registry.v1.DeregisterRequest;
import dev.weft.proto.registry.v1.HeartbeatRequest;
import dev.weft.proto.registry.v1.ListRequest;
import dev.weft.proto.registry.v1.RegisterResponse;
import dev.weft.proto.registry.v1.ReportUnitFaultRequest;
import dev.weft.proto.registry.v1.ServiceCenterGrpc;
import dev.weft.proto.registry.v1.WatchRequest;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client of the service center, over mutual TLS with the organisation's
 * Fabric TLS identity ({@link Builder#tls});
 * every unary call with a deadline, failures as {@link RegistryException}.
 * Engines register through it ({@link EngineRegistration} runs the heartbeat
 * loop); schedulers read service status through it ({@link ServiceFeed}).
 *
 * <pre>{@code
 * try (RegistryClient registry = RegistryClient.builder()
 *         .endpoint("127.0.0.1:7070").tls(Profile.load("org1").gatewayTls()).build()) {
 *     ServiceChange snapshot = registry.list();
 * }
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {
    private final ManagedChannel owned;
    private final ServiceCenterGrpc.ServiceCenterBlockingStub blocking;
    private final ServiceCenterGrpc.ServiceCenterStub async;
    private final Duration deadline;

    private RegistryClient(Channel channel, ManagedChannel owned, Duration deadline) {
        this.owned = owned;
        this.blocking = ServiceCenterGrpc.newBlockingStub(channel);
        this.async = ServiceCenterGrpc.newStub(channel);
        this.deadline = deadline;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers a framework and its units (see {@link ServiceCenter#register}). */
    public ServiceCenter.Registered register(ServiceCenter.Registration registration) {
        RegisterResponse r = call(() -> stub().register(RegistryProtos.registerRequest(registration)));
        return new ServiceCenter.Registered(r.getSession(), r.getRevision(),
                Duration.ofMillis(r.getHeartbeatIntervalMs()), r.getMissedHeartbeats());
    }

    /** A heartbeat; false means the center does not know the registration: register again. */
    public boolean heartbeat(String framework, String session, List<ServiceCenter.UnitReport> units) {
        HeartbeatRequest.Builder request = HeartbeatRequest.newBuilder().setFramework(framework).setSession(session);
        units.forEach(u -> request.addUnits(RegistryProtos.unitReport(u)));
        return call(() -> stub().heartbeat(request.build())).getKnown();
    }

    public boolean deregister(String framework, String session, String why) {
        return call(() -> stub().deregister(DeregisterRequest.newBuilder().setFramework(framework)
                .setSession(session).setWhy(why == null ? "" : why).build())).getKnown();
    }

    /** An exception notice: {@code unit} of {@code framework} went down (S0.9). */
    public boolean reportUnitFault(String framework, String session, String unit, String why) {
        return call(() -> stub().reportUnitFault(ReportUnitFaultRequest.newBuilder().setFramework(framework)
                .setSession(session).setUnit(unit).setWhy(why == null ? "" : why).build())).getKnown();
    }

    /** Every framework and unit with its status (S0.7 pull), as a snapshot. */
    public ServiceChange list() {
        return RegistryProtos.snapshot(call(() -> stub().list(ListRequest.getDefaultInstance())));
    }

    /**
     * Opens a watch (S0.7 push): {@code onChange} gets a snapshot, then each
     * change in order; {@code onEnd} gets why the stream ended, unless it was
     * closed through the returned subscription. No reconnect here: see {@link ServiceFeed}.
     */
    public ServiceCenter.Subscription watch(Consumer<ServiceChange> onChange, Consumer<RegistryException> onEnd) {
        Objects.requireNonNull(onChange, "onChange");
        Objects.requireNonNull(onEnd, "onEnd");
        WatchObserver observer = new WatchObserver(onChange, onEnd);
        async.watch(WatchRequest.getDefaultInstance(), observer);
        return observer::cancel;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
            try {
                owned.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ServiceCenterGrpc.ServiceCenterBlockingStub stub() {
        return blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw RegistryErrors.fromStatus(e);
        }
    }

    /** Delivers a watch stream's messages; remembers the call so that it can be cancelled. */
    private static final class WatchObserver implements
            ClientResponseObserver<WatchRequest, dev.weft.proto.registry.v1.ServiceChange> {
        private final Consumer<ServiceChange> onChange;
        private final Consumer<RegistryException> onEnd;
        private volatile ClientCallStreamObserver<WatchRequest> call;
        private volatile boolean cancelled;

        WatchObserver(Consumer<ServiceChange> onChange, Consumer<RegistryException> onEnd) {
            this.onChange = onChange;
            this.onEnd = onEnd;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
            this.call = requestStream;
        }

        @Override
        public void onNext(dev.weft.proto.registry.v1.ServiceChange change) {
            if (!cancelled) {
                onChange.accept(RegistryProtos.change(change));
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!cancelled) {
                onEnd.accept(t instanceof StatusRuntimeException s ? RegistryErrors.fromStatus(s)
                        : new RegistryException(RegistryException.Reason.INTERNAL, String.valueOf(t), t));
            }
        }

        @Override
        public void onCompleted() {
            if (!cancelled) {
                onEnd.accept(new RegistryException(RegistryException.Reason.UNAVAILABLE,
                        "the service center ended the watch (stopping)"));
            }
        }

        void cancel() {
            cancelled = true;
            ClientCallStreamObserver<WatchRequest> c = call;
            if (c != null) {
                c.cancel("watch closed", null);
            }
        }
    }

    /** Builds a {@link RegistryClient}: an endpoint with TLS or loopback, or a ready channel; unary calls 10 s by default. */
    public static final class Builder extends GrpcClientBuilder<Builder> {
        private Builder() {
            super("service center", Duration.ofSeconds(10));
        }

        public RegistryClient build() {
            ManagedChannel owned = ownedChannel();
            return new RegistryClient(owned != null ? owned : givenChannel(), owned, deadline());
        }
    }
}
