package dev.weft.gateway.engine;

import dev.weft.proto.engine.v1.ComputeEngineGrpc;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.HealthRequest;
import dev.weft.proto.engine.v1.HealthResponse;
import dev.weft.proto.engine.v1.QueryResultRequest;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gRPC face of an {@link EngineFramework}: it only delegates and translates errors. */
final class ComputeEngineService extends ComputeEngineGrpc.ComputeEngineImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeEngineService.class);

    private final EngineFramework framework;

    ComputeEngineService(EngineFramework framework) {
        this.framework = framework;
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> response) {
        try {
            // The execution outlives a cancelled call: a resend attaches to it later (S0.8).
            framework.execute(request).whenComplete((result, error) -> reply(response, result, error));
        } catch (RuntimeException e) {
            response.onError(EngineErrors.toStatus(e));
        }
    }

    @Override
    public void queryResult(QueryResultRequest request, StreamObserver<ExecuteResponse> response) {
        reply(response, framework.queryResult(request), null);
    }

    @Override
    public void health(HealthRequest request, StreamObserver<HealthResponse> response) {
        reply(response, framework.health(), null);
    }

    private static <T> void reply(StreamObserver<T> response, T result, Throwable error) {
        try {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                response.onError(EngineErrors.toStatus(cause));
            } else {
                response.onNext(result);
                response.onCompleted();
            }
        } catch (RuntimeException e) {
            LOG.debug("caller left before its answer: {}", e.toString());
        }
    }
}
