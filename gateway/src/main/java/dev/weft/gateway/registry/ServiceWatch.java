package dev.weft.gateway.registry;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code Watch} stream: the snapshot and then every change, in the
 * order the center publishes them, until the client cancels or the server stops.
 * Changes are rare (registrations, timeouts, faults), so messages are not held
 * back for slow readers: gRPC buffers them.
 */
final class ServiceWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceWatch.class);

    private final ServerCallStreamObserver<dev.weft.proto.registry.v1.ServiceChange> call;
    private final Consumer<ServiceWatch> onEnd;
    private ServiceCenter.Subscription subscription;
    private boolean ended;

    ServiceWatch(StreamObserver<dev.weft.proto.registry.v1.ServiceChange> response, Consumer<ServiceWatch> onEnd) {
        this.call = (ServerCallStreamObserver<dev.weft.proto.registry.v1.ServiceChange>) response;
        this.onEnd = onEnd;
        call.setOnCancelHandler(this::cancelled);
    }

    void subscribe(ServiceCenter center) {
        ServiceCenter.Subscription s = center.watch(this::send);
        synchronized (this) {
            if (ended) {
                s.close();
            } else {
                subscription = s;
            }
        }
    }

    /** Called under the center's lock, so messages leave in revision order. */
    private synchronized void send(ServiceChange change) {
        if (ended) {
            return;
        }
        try {
            call.onNext(RegistryProtos.change(change));
        } catch (RuntimeException e) {
            LOG.debug("watch stream closed while sending revision {}: {}", change.revision(), e.toString());
            end();
        }
    }

    private synchronized void cancelled() {
        if (!ended) {
            end();
        }
    }

    /** Ends the stream normally (the server is stopping). */
    synchronized void complete() {
        if (ended) {
            return;
        }
        end();
        try {
            call.onCompleted();
        } catch (RuntimeException alreadyClosed) {
            // the client went away at the same moment
        }
    }

    private void end() {
        ended = true;
        if (subscription != null) {
            subscription.close();
        }
        onEnd.accept(this);
    }
}
