package dev.weft.gateway.registry;

import dev.weft.proto.registry.v1.DeregisterRequest;
import dev.weft.proto.registry.v1.DeregisterResponse;
import dev.weft.proto.registry.v1.HeartbeatRequest;
import dev.weft.proto.registry.v1.HeartbeatResponse;
import dev.weft.proto.registry.v1.ListRequest;
import dev.weft.proto.registry.v1.RegisterRequest;
import dev.weft.proto.registry.v1.RegisterResponse;
import dev.weft.proto.registry.v1.ReportUnitFaultRequest;
import dev.weft.proto.registry.v1.ReportUnitFaultResponse;
import dev.weft.proto.registry.v1.ServiceCenterGrpc;
import dev.weft.proto.registry.v1.ServiceList;
import dev.weft.proto.registry.v1.WatchRequest;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@code weft.registry.v1.ServiceCenter} over a {@link ServiceCenter}: translation only. */
final class ServiceCenterService extends ServiceCenterGrpc.ServiceCenterImplBase {
    private final ServiceCenter center;
    private final Set<ServiceWatch> watches = ConcurrentHashMap.newKeySet();

    ServiceCenterService(ServiceCenter center) {
        this.center = center;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        unary(response, () -> {
            ServiceCenter.Registered r = center.register(RegistryProtos.registration(request),
                    CallerCertificate.current());
            return RegisterResponse.newBuilder().setSession(r.session()).setRevision(r.revision())
                    .setHeartbeatIntervalMs((int) r.heartbeatInterval().toMillis())
                    .setMissedHeartbeats(r.missedHeartbeats()).build();
        });
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
        unary(response, () -> HeartbeatResponse.newBuilder()
                .setKnown(center.heartbeat(request.getFramework(), request.getSession(),
                        request.getUnitsList().stream().map(RegistryProtos::unitReport).toList()))
                .setRevision(center.revision()).build());
    }

    @Override
    public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> response) {
        unary(response, () -> DeregisterResponse.newBuilder()
                .setKnown(center.deregister(request.getFramework(), request.getSession(), request.getWhy())).build());
    }

    @Override
    public void reportUnitFault(ReportUnitFaultRequest request, StreamObserver<ReportUnitFaultResponse> response) {
        unary(response, () -> ReportUnitFaultResponse.newBuilder()
                .setKnown(center.reportUnitFault(request.getFramework(), request.getSession(), request.getUnit(),
                        request.getWhy())).build());
    }

    @Override
    public void list(ListRequest request, StreamObserver<ServiceList> response) {
        unary(response, () -> RegistryProtos.list(center.list()));
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<dev.weft.proto.registry.v1.ServiceChange> response) {
        ServiceWatch watch = new ServiceWatch(response, watches::remove);
        watches.add(watch);
        watch.subscribe(center);
    }

    /** Ends every open watch stream, so that a stopping server need not wait for them. */
    void closeWatches() {
        watches.forEach(ServiceWatch::complete);
    }

    private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RegistryException e) {
            response.onError(RegistryErrors.toStatus(e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }
}
