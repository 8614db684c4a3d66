package dev.weft.gateway.engine.modules.dialin;

import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.ServiceUnit;
import dev.weft.gateway.engine.modules.ModuleUnit;
import dev.weft.gateway.engine.modules.StandardCall;
import dev.weft.proto.engine.v1.Ack;
import dev.weft.proto.engine.v1.EngineDialInGrpc;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.FromEngine;
import dev.weft.proto.engine.v1.Hello;
import dev.weft.proto.engine.v1.Job;
import dev.weft.proto.engine.v1.ToEngine;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard engine's side of a dial-in engine. Executions wait in
 * {@link #jobs} until the engine is connected; each is sent on the stream and
 * stays until its result arrives, so a drop loses nothing: at the next Hello
 * every job the engine does not hold is sent again, and none it holds is. A
 * result completes its execution once; a second copy (the engine resent it
 * after a drop before it saw the Ack) is acknowledged and dropped. No thread
 * waits per job.
 */
final class DialInUnit extends ModuleUnit implements ServiceUnit {
    private static final Logger LOG = LoggerFactory.getLogger(DialInUnit.class);

    private final String engine;
    /** Executions not yet answered, by job id, in the order they came. Guarded by this. */
    private final Map<String, Waiting> jobs = new LinkedHashMap<>();
    private Connection current;
    final AtomicInteger duplicateResults = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    private record Waiting(ExecuteRequest request, UnitCompletion completion) {
    }

    DialInUnit(String name, Set<String> operations, Duration timeout, String engine) {
        super(name, operations, timeout);
        this.engine = engine;
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) {
        String id = request.executionId();
        Waiting w = new Waiting(StandardCall.of(request), completion);
        Connection c;
        synchronized (this) {
            jobs.put(id, w);
            c = current;
        }
        completion.onCancel(() -> {
            synchronized (this) {
                jobs.remove(id);
            }
        });
        if (c != null) {
            c.send(id, w.request());
        } else {
            LOG.info("{}: {} waits for engine {} to dial in", name(), id, engine);
        }
    }

    @Override
    public BindableService service() {
        return new EngineDialInGrpc.EngineDialInImplBase() {
            @Override
            public StreamObserver<FromEngine> connect(StreamObserver<ToEngine> out) {
                return new Connection((ServerCallStreamObserver<ToEngine>) out);
            }
        };
    }

    /** One stream of the dialing engine; a Hello makes it the current one. */
    private final class Connection implements StreamObserver<FromEngine> {
        private final ServerCallStreamObserver<ToEngine> out;
        private boolean greeted;

        Connection(ServerCallStreamObserver<ToEngine> out) {
            this.out = out;
        }

        @Override
        public void onNext(FromEngine message) {
            if (message.hasHello()) {
                hello(message.getHello());
            } else if (message.hasResult() && greeted) {
                result(message.getResult().getJobId(), message.getResult().getResponse());
            }
        }

        private void hello(Hello hello) {
            if (!hello.getEngine().equals(engine) || !operations().containsAll(hello.getOperationsList())) {
                LOG.warn("{}: refused a dial-in as '{}' for {}", name(), hello.getEngine(), hello.getOperationsList());
                out.onError(Status.PERMISSION_DENIED.withDescription("unit " + name() + " takes engine " + engine
                        + " for operations " + operations()).asRuntimeException());
                return;
            }
            Set<String> held = new HashSet<>(hello.getHeldJobsList());
            Map<String, Waiting> resend = new LinkedHashMap<>();
            Connection previous;
            synchronized (DialInUnit.this) {
                greeted = true;
                previous = current;
                current = this;
                jobs.forEach((id, w) -> {
                    if (!held.contains(id)) {
                        resend.put(id, w);
                    }
                });
            }
            connections.incrementAndGet();
            if (previous != null && previous != this) {
                previous.close("replaced by a new connection");
            }
            LOG.info("{}: engine {} dialed in holding {} jobs; sending {}", name(), engine, held.size(), resend.size());
            resend.forEach((id, w) -> send(id, w.request()));
        }

        private void result(String id, ExecuteResponse r) {
            Waiting w;
            synchronized (DialInUnit.this) {
                w = jobs.remove(id);
            }
            if (w == null) {
                duplicateResults.incrementAndGet();
                LOG.info("{}: result of {} again (or of a job no longer waited for); acknowledged, dropped", name(), id);
            } else {
                complete(w.completion(), r);
            }
            write(ToEngine.newBuilder().setAck(Ack.newBuilder().setJobId(id)).build());
        }

        void send(String id, ExecuteRequest request) {
            write(ToEngine.newBuilder().setJob(Job.newBuilder().setJobId(id).setRequest(request)).build());
        }

        private synchronized void write(ToEngine message) {
            try {
                if (!out.isCancelled()) {
                    out.onNext(message);
                }
            } catch (RuntimeException closed) {
                LOG.debug("{}: stream closed while writing: {}", name(), closed.toString());
            }
        }

        synchronized void close(String why) {
            try {
                out.onError(Status.ABORTED.withDescription(why).asRuntimeException());
            } catch (RuntimeException closedAlready) {
                // gone
            }
        }

        @Override
        public void onError(Throwable t) {
            dropped("dropped: " + Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
            dropped("closed by the engine");
            synchronized (this) {
                try {
                    out.onCompleted();
                } catch (RuntimeException closedAlready) {
                    // gone
                }
            }
        }

        private void dropped(String why) {
            int waiting;
            synchronized (DialInUnit.this) {
                if (current == this) {
                    current = null;
                }
                waiting = jobs.size();
            }
            LOG.info("{}: connection of engine {} {}; {} jobs wait for it", name(), engine, why, waiting);
        }
    }

    private void complete(UnitCompletion completion, ExecuteResponse r) {
        StandardCall.complete(completion, r, "engine " + engine, "DIALIN_UNIT_FAULT", "DIALIN_UNIT_FAULT");
    }

    @Override
    public String toString() {
        return "dial-in unit " + name() + " (engine " + engine + ")";
    }
}
