package dev.weft.gateway.engine.modules.dialin;

import dev.weft.gateway.engine.EngineFramework;
import dev.weft.gateway.transport.GrpcChannels;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.EngineDialInGrpc;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.FromEngine;
import dev.weft.proto.engine.v1.Hello;
import dev.weft.proto.engine.v1.Job;
import dev.weft.proto.engine.v1.JobResult;
import dev.weft.proto.engine.v1.ToEngine;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialing side (S1.7 remote): a sidecar behind a firewall opens a stream to
 * the standard engine over mutual TLS, runs the jobs it receives on its own
 * framework (its conversion modules and the engine beside it) and sends their
 * results back until each is acknowledged. After a drop it dials again, with
 * back-off, and says in its Hello which jobs it holds, so that none is lost and
 * none runs twice: a job it already holds is not started again, and a result not
 * yet acknowledged is sent again.
 *
 * <pre>{@code
 * DialOut dial = DialOut.start(sidecar.framework(), "scoring-sidecar", List.of("score"),
 *         "engine.org1.example.com:7060", null, tls);
 * }</pre>
 */
public final class DialOut implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DialOut.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final EngineFramework framework;
    private final String name;
    private final List<String> operations;
    private final ManagedChannel channel;
    private final ScheduledExecutorService timer;
    /** Jobs held: running (null) or finished with a result not yet acknowledged. Guarded by this. */
    private final Map<String, ExecuteResponse> held = new LinkedHashMap<>();
    private ClientCallStreamObserver<FromEngine> stream;
    private Duration retry = FIRST_RETRY;
    private volatile boolean closed;
    /** Jobs received that were already held (sent again after a drop), and not run again. */
    public final AtomicInteger duplicateJobs = new AtomicInteger();
    /** Jobs started on the framework. */
    public final AtomicInteger started = new AtomicInteger();
    /** Streams opened that the standard engine accepted or is yet to answer. */
    public final AtomicInteger dials = new AtomicInteger();

    private DialOut(EngineFramework framework, String name, List<String> operations, ManagedChannel channel) {
        this.framework = framework;
        this.name = name;
        this.operations = List.copyOf(operations);
        this.channel = channel;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-dial-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Dials {@code endpoint} (the standard engine's port) and keeps dialing until closed. */
    public static DialOut start(EngineFramework framework, String name, List<String> operations, String endpoint,
            String authority, TlsMaterial tls) {
        ManagedChannelBuilder<?> b = GrpcChannels.mutualTls(endpoint, tls)
                .keepAliveTime(20, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS);
        if (authority != null) {
            b.overrideAuthority(authority);
        }
        DialOut d = new DialOut(framework, name, operations, b.build());
        d.dial();
        return d;
    }

    /** Whether a stream is open now. */
    public synchronized boolean connected() {
        return stream != null;
    }

    /** How many jobs are held (running or unacknowledged). */
    public synchronized int held() {
        return held.size();
    }

    private void dial() {
        if (closed) {
            return;
        }
        channel.resetConnectBackoff();
        dials.incrementAndGet();
        Stream observer = new Stream();
        EngineDialInGrpc.newStub(channel).connect(observer);
        opened(observer.out);
    }

    /** One stream to the standard engine. */
    private final class Stream implements ClientResponseObserver<FromEngine, ToEngine> {
            private ClientCallStreamObserver<FromEngine> out;

            @Override
            public void beforeStart(ClientCallStreamObserver<FromEngine> requestStream) {
                out = requestStream;
            }

            @Override
            public void onNext(ToEngine message) {
                synchronized (DialOut.this) {
                    retry = FIRST_RETRY; // the standard engine answered: this stream works
                }
                if (message.hasJob()) {
                    job(out, message.getJob());
                } else if (message.hasAck()) {
                    synchronized (DialOut.this) {
                        held.remove(message.getAck().getJobId());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                lost(out, "dropped: " + Status.fromThrowable(t).getCode());
            }

            @Override
            public void onCompleted() {
                lost(out, "closed by the standard engine");
            }
    }

    /** Sends the Hello on a new stream, then every result not yet acknowledged. */
    private void opened(ClientCallStreamObserver<FromEngine> out) {
        List<JobResult> unacknowledged = new ArrayList<>();
        Hello.Builder hello = Hello.newBuilder().setEngine(name).addAllOperations(operations);
        synchronized (this) {
            stream = out;
            held.forEach((id, r) -> {
                hello.addHeldJobs(id);
                if (r != null) {
                    unacknowledged.add(JobResult.newBuilder().setJobId(id).setResponse(r).build());
                }
            });
            out.onNext(FromEngine.newBuilder().setHello(hello).build());
            unacknowledged.forEach(r -> out.onNext(FromEngine.newBuilder().setResult(r).build()));
        }
        LOG.info("{}: dialed in, holding {} jobs, {} results to send again", name, hello.getHeldJobsCount(),
                unacknowledged.size());
    }

    private void job(ClientCallStreamObserver<FromEngine> out, Job job) {
        String id = job.getJobId();
        synchronized (this) {
            if (held.containsKey(id)) {
                duplicateJobs.incrementAndGet();
                LOG.info("{}: job {} again; it is held already, not run twice", name, id);
                return;
            }
            held.put(id, null);
        }
        started.incrementAndGet();
        java.util.concurrent.CompletableFuture<ExecuteResponse> run;
        try {
            run = framework.execute(job.getRequest());
        } catch (RuntimeException refused) {
            run = java.util.concurrent.CompletableFuture.failedFuture(refused);
        }
        run.whenComplete((r, e) -> {
            ExecuteResponse response = e == null ? r : ExecuteResponse.newBuilder()
                    .setState(dev.weft.proto.engine.v1.ExecutionState.FAILED).setUnitFault(true)
                    .setError("engine " + name + " could not run the job: " + e.getClass().getSimpleName()).build();
            finished(id, response);
        });
    }

    private void finished(String id, ExecuteResponse response) {
        synchronized (this) {
            if (!held.containsKey(id)) {
                return;
            }
            held.put(id, response);
            if (stream != null) {
                try {
                    stream.onNext(FromEngine.newBuilder().setResult(JobResult.newBuilder().setJobId(id)
                            .setResponse(response)).build());
                } catch (RuntimeException gone) {
                    LOG.debug("{}: result of {} waits for the next connection: {}", name, id, gone.toString());
                }
            } else {
                LOG.info("{}: job {} finished while disconnected; its result goes at the next connection", name, id);
            }
        }
    }

    private void lost(ClientCallStreamObserver<FromEngine> out, String why) {
        Duration wait;
        synchronized (this) {
            if (stream == out) {
                stream = null;
            }
            wait = retry;
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
        if (closed) {
            return;
        }
        LOG.info("{}: connection to the standard engine {}; dialing again in {} ms", name, why, wait.toMillis());
        timer.schedule(this::dial, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (stream != null) {
                try {
                    stream.onCompleted();
                } catch (RuntimeException gone) {
                    // closed already
                }
            }
        }
        timer.shutdownNow();
        channel.shutdownNow();
    }
}
