package dev.weft.gateway.registry;

import dev.weft.proto.registry.v1.RegisterRequest;
import dev.weft.proto.registry.v1.ServiceList;
import dev.weft.proto.registry.v1.UnitRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Translates between the service center's domain records and {@code weft.registry.v1} messages. */
final class RegistryProtos {

    private RegistryProtos() {
    }

    static RegisterRequest registerRequest(ServiceCenter.Registration r) {
        RegisterRequest.Builder b = RegisterRequest.newBuilder().setFramework(r.framework()).setEndpoint(r.endpoint());
        for (UnitService u : r.units()) {
            b.addUnits(UnitRegistration.newBuilder().setName(u.name()).addAllOperations(u.operations())
                    .setAvailable(u.available()));
        }
        return b.build();
    }

    static ServiceCenter.Registration registration(RegisterRequest request) {
        List<UnitService> units = request.getUnitsList().stream()
                .map(u -> new UnitService(u.getName(), Set.copyOf(u.getOperationsList()),
                        u.getAvailable() ? ServiceStatus.AVAILABLE : ServiceStatus.UNAVAILABLE,
                        u.getAvailable() ? "" : "registered as unavailable"))
                .toList();
        return new ServiceCenter.Registration(request.getFramework(), request.getEndpoint(), units);
    }

    static dev.weft.proto.registry.v1.UnitReport unitReport(ServiceCenter.UnitReport r) {
        return dev.weft.proto.registry.v1.UnitReport.newBuilder().setUnit(r.unit()).setAvailable(r.available())
                .setWhy(r.why()).build();
    }

    static ServiceCenter.UnitReport unitReport(dev.weft.proto.registry.v1.UnitReport r) {
        return new ServiceCenter.UnitReport(r.getUnit(), r.getAvailable(), r.getWhy());
    }

    static dev.weft.proto.registry.v1.ServiceChange change(ServiceChange c) {
        dev.weft.proto.registry.v1.ServiceChange.Builder b = dev.weft.proto.registry.v1.ServiceChange.newBuilder()
                .setRevision(c.revision()).setKind(switch (c.kind()) {
                    case SNAPSHOT -> dev.weft.proto.registry.v1.ServiceChange.Kind.SNAPSHOT;
                    case UPDATED -> dev.weft.proto.registry.v1.ServiceChange.Kind.UPDATED;
                    case REMOVED -> dev.weft.proto.registry.v1.ServiceChange.Kind.REMOVED;
                });
        c.frameworks().forEach(f -> b.addFrameworks(framework(f)));
        return b.build();
    }

    static ServiceChange change(dev.weft.proto.registry.v1.ServiceChange c) {
        ServiceChange.Kind kind = switch (c.getKind()) {
            case SNAPSHOT -> ServiceChange.Kind.SNAPSHOT;
            case UPDATED -> ServiceChange.Kind.UPDATED;
            case REMOVED -> ServiceChange.Kind.REMOVED;
            default -> throw new RegistryException(RegistryException.Reason.INTERNAL,
                    "service change of unknown kind " + c.getKind());
        };
        return new ServiceChange(c.getRevision(), kind, c.getFrameworksList().stream()
                .map(RegistryProtos::framework).toList());
    }

    static ServiceList list(ServiceChange snapshot) {
        ServiceList.Builder b = ServiceList.newBuilder().setRevision(snapshot.revision());
        snapshot.frameworks().forEach(f -> b.addFrameworks(framework(f)));
        return b.build();
    }

    static ServiceChange snapshot(ServiceList list) {
        return new ServiceChange(list.getRevision(), ServiceChange.Kind.SNAPSHOT, list.getFrameworksList().stream()
                .map(RegistryProtos::framework).toList());
    }

    private static dev.weft.proto.registry.v1.FrameworkService framework(FrameworkService f) {
        dev.weft.proto.registry.v1.FrameworkService.Builder b = dev.weft.proto.registry.v1.FrameworkService
                .newBuilder().setName(f.name()).setEndpoint(f.endpoint()).setStatus(status(f.status()))
                .setWhy(f.why()).setLastHeartbeatMs(f.lastHeartbeat().toEpochMilli()).setRevision(f.revision());
        for (UnitService u : f.units()) {
            b.addUnits(dev.weft.proto.registry.v1.UnitService.newBuilder().setName(u.name())
                    .addAllOperations(u.operations()).setStatus(status(u.status())).setWhy(u.why()));
        }
        return b.build();
    }

    private static FrameworkService framework(dev.weft.proto.registry.v1.FrameworkService f) {
        List<UnitService> units = f.getUnitsList().stream()
                .map(u -> new UnitService(u.getName(), Set.copyOf(u.getOperationsList()), status(u.getStatus()),
                        u.getWhy()))
                .toList();
        return new FrameworkService(f.getName(), f.getEndpoint(), status(f.getStatus()), f.getWhy(), units,
                Instant.ofEpochMilli(f.getLastHeartbeatMs()), f.getRevision());
    }

    private static dev.weft.proto.registry.v1.ServiceStatus status(ServiceStatus s) {
        return s == ServiceStatus.AVAILABLE ? dev.weft.proto.registry.v1.ServiceStatus.AVAILABLE
                : dev.weft.proto.registry.v1.ServiceStatus.UNAVAILABLE;
    }

    /** Anything but AVAILABLE (an unset or newer value) is treated as unavailable. */
    private static ServiceStatus status(dev.weft.proto.registry.v1.ServiceStatus s) {
        return s == dev.weft.proto.registry.v1.ServiceStatus.AVAILABLE ? ServiceStatus.AVAILABLE
                : ServiceStatus.UNAVAILABLE;
    }
}
