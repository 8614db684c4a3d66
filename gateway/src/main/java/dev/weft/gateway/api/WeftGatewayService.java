package dev.weft.gateway.api;

import dev.weft.gateway.governance.GovernanceNotices;
import dev.weft.proto.gateway.v1.Committed;
import dev.weft.proto.gateway.v1.Endorsed;
import dev.weft.proto.gateway.v1.Notice;
import dev.weft.proto.gateway.v1.PrepareRequest;
import dev.weft.proto.gateway.v1.Prepared;
import dev.weft.proto.gateway.v1.Signed;
import dev.weft.proto.gateway.v1.Submitted;
import dev.weft.proto.gateway.v1.WatchNoticesRequest;
import dev.weft.proto.gateway.v1.WeftGatewayGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** The gateway API's gRPC face: each call delegates to the notice feed or the offline transactions. */
final class WeftGatewayService extends WeftGatewayGrpc.WeftGatewayImplBase {
    private final NoticeFeed notices;
    private final OfflineTransactions transactions;

    WeftGatewayService(NoticeFeed notices, OfflineTransactions transactions) {
        this.notices = notices;
        this.transactions = transactions;
    }

    @Override
    public void watchNotices(WatchNoticesRequest request, StreamObserver<Notice> response) {
        ServerCallStreamObserver<Notice> call = (ServerCallStreamObserver<Notice>) response;
        try {
            Object lock = new Object();
            GovernanceNotices feed = notices.follow(request, notice -> {
                synchronized (lock) {
                    if (!call.isCancelled()) {
                        call.onNext(notice);
                    }
                }
            });
            call.setOnCancelHandler(feed::close);
            call.setOnCloseHandler(feed::close);
        } catch (ApiException e) {
            response.onError(e.toStatus());
        }
    }

    @Override
    public void prepare(PrepareRequest request, StreamObserver<Prepared> response) {
        unary(response, () -> transactions.prepare(request));
    }

    @Override
    public void endorse(Signed request, StreamObserver<Endorsed> response) {
        unary(response, () -> transactions.endorse(request));
    }

    @Override
    public void submit(Signed request, StreamObserver<Submitted> response) {
        unary(response, () -> transactions.submit(request));
    }

    @Override
    public void commitStatus(Signed request, StreamObserver<Committed> response) {
        unary(response, () -> transactions.commitStatus(request));
    }

    private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (ApiException e) {
            response.onError(e.toStatus());
            return;
        } catch (IllegalArgumentException e) {
            response.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }
}
