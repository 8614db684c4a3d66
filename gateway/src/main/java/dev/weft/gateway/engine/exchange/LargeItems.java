package dev.weft.gateway.engine.exchange;

import static dev.weft.gateway.engine.exchange.ExchangeHub.refuse;

import com.google.protobuf.ByteString;
import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ItemAddress;
import dev.weft.proto.exchange.v1.Item;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Items that travel by digest (above the inline limit): the spools a hub serves to the next
 * hop ({@code Fetch}, server streaming, chunks of {@link ExchangeHub#CHUNK}, sent only while
 * the caller's flow-control window is open; or on the hub's item stream, {@link StreamPort}), and the
 * fetching of an announced item from the previous hop into a spool that checks count and digest as
 * the bytes arrive: over the previous hop's item stream when it names one ({@link StreamFetch}),
 * over {@code Fetch} when it names none or its stream cannot be reached.
 */
final class LargeItems {
    static final long CALL_DEADLINE_MS = 120_000;

    private final ExchangeHub hub;
    private final Map<String, Spool> served = new ConcurrentHashMap<>();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong fetched = new AtomicLong();
    private volatile StreamFetch streams;
    private volatile int streamPort;
    private volatile ResultShelf shelf;

    LargeItems(ExchangeHub hub) {
        this.hub = hub;
    }

    /** Serves {@code spool} (possibly still filling) as the bytes of {@code item}. */
    void offer(Item item, Spool spool) {
        served.put(servedId(item), spool);
    }

    /** Stops serving what {@link #offer} serves as {@code item}. */
    void withdraw(Item item) {
        served.remove(servedId(item));
    }

    private static String servedId(Item item) {
        return servedId(item.getTaskId(), item.getSubtaskId(), item.getAttempt(), item.getFromMspId(),
                item.getToMspId(), item.getName(), item.getDigest());
    }

    /** Streams the bytes of an item this engine sent or passed on by digest, to its receiver or its own engines. */
    void serve(String callerMsp, ItemAddress request, StreamObserver<Chunk> out) {
        Spool spool;
        try {
            spool = servable(callerMsp, request);
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        ServerCallStreamObserver<Chunk> call = (ServerCallStreamObserver<Chunk>) out;
        Object ready = new Object();
        Runnable wake = () -> {
            synchronized (ready) {
                ready.notifyAll();
            }
        };
        // readiness is signalled on the call's own executor: the chunks go out from a worker
        // so that the signal is not queued behind the loop that waits for it; the call counts as
        // ready while less than a flow-control window is queued (gRPC's default is 32 KiB, which
        // held every 1 MiB chunk back until the one before had gone out whole)
        call.setOnReadyThreshold(ExchangePort.FLOW_WINDOW);
        call.setOnReadyHandler(wake);
        call.setOnCancelHandler(wake);
        hub.workers().execute(() -> stream(spool, call, ready));
    }

    /**
     * The spool of the item {@code request} names, if {@code callerMsp} may have it: the item's
     * receiver, or this organisation's own engines ({@code Fetch} and the item stream alike).
     *
     * @throws StatusRuntimeException NOT_FOUND when no such item is served here, PERMISSION_DENIED
     *     for anyone else
     */
    Spool servable(String callerMsp, ItemAddress request) {
        Spool spool = served.get(servedId(request.getTaskId(), request.getSubtaskId(), request.getAttempt(),
                request.getFromMspId(), request.getToMspId(), request.getName(), request.getDigest()));
        if (spool == null) {
            throw refuse(Status.NOT_FOUND, "no item " + request.getName() + " with digest " + request.getDigest()
                    + " is served here");
        }
        if (!callerMsp.equals(request.getToMspId()) && !callerMsp.equals(hub.self())) {
            throw refuse(Status.PERMISSION_DENIED, callerMsp + " is not the receiver of item " + request.getName());
        }
        return spool;
    }

    /** This hub's item stream: how it fetches from others' streams, and its own port. */
    void streams(StreamFetch fetch, int port) {
        this.streams = fetch;
        this.streamPort = port;
    }

    /** Where this hub's item stream is reached, on the host of {@code advertised}; null without one. */
    String streamAddress(String advertised) {
        StreamFetch s = streams;
        int colon = advertised.lastIndexOf(':');
        return s == null || colon <= 0 ? null : advertised.substring(0, colon) + ":" + streamPort;
    }

    /** Fetches this hub made over others' item streams, and over gRPC {@code Fetch}. */
    Fetches fetches() {
        return new Fetches(streamed.get(), fetched.get());
    }

    /** Sends the spool's bytes in chunks, each once the call is ready for more (flow control). */
    private static void stream(Spool spool, ServerCallStreamObserver<Chunk> call, Object ready) {
        try {
            int offset = 0;
            while (offset < spool.size()) {
                ByteString chunk = spool.read(offset, ExchangeHub.CHUNK, CALL_DEADLINE_MS);
                synchronized (ready) {
                    while (!call.isReady() && !call.isCancelled()) {
                        ready.wait(1_000);
                    }
                }
                if (call.isCancelled()) {
                    return;
                }
                call.onNext(Chunk.newBuilder().setData(chunk).build());
                offset += chunk.size();
            }
            call.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.onError(refuse(Status.UNAVAILABLE, "interrupted"));
        } catch (IllegalStateException e) {
            call.onError(refuse(Status.UNAVAILABLE, e.getMessage()));
        }
    }

    /** The bytes of an item sent by digest, fetched and checked now. */
    byte[] fetchNow(Item item) {
        Spool spool = Spool.expecting(item.getSize(), item.getDigest(), ExchangePort.MAX_ITEM_BYTES);
        fill(spool, item);
        String problem = spool.failure();
        if (problem != null) {
            throw refuse(problem.contains("digest") ? Status.INVALID_ARGUMENT : Status.UNAVAILABLE,
                    "item " + item.getName() + " fetched from " + item.getFetchFrom() + ": " + problem);
        }
        return spool.bytes();
    }

    /**
     * A spool filled from the previous hop in the background (a relay passes it on while it
     * fills); its count is checked here, its digest by the engine that receives the item.
     */
    Spool fetchLater(Item item) {
        Spool spool = Spool.passing(item.getSize(), item.getDigest(), ExchangePort.MAX_ITEM_BYTES);
        hub.workers().execute(() -> fill(spool, item));
        return spool;
    }

    private void fill(Spool spool, Item item) {
        ItemAddress request = ItemAddress.newBuilder().setTaskId(item.getTaskId())
                .setSubtaskId(item.getSubtaskId()).setAttempt(item.getAttempt()).setFromMspId(item.getFromMspId())
                .setToMspId(item.getToMspId()).setName(item.getName()).setDigest(item.getDigest()).build();
        StreamFetch stream = streams;
        if (stream != null && !item.getStreamFrom().isEmpty() && stream.fill(item.getStreamFrom(), request, spool,
                Set.copyOf(List.of(item.getFromMspId(), hub.self()))) == StreamFetch.Outcome.ANSWERED) {
            streamed.incrementAndGet();
            return;
        }
        fetched.incrementAndGet();
        fill(hub, item.getFetchFrom(), request, spool);
    }

    /** Fetches {@code request} from {@code address} into {@code spool}; a failure is the spool's. */
    static void fill(ExchangeHub hub, String address, ItemAddress request, Spool spool) {
        try {
            // each chunk is written into the spool as it is read (ChunkBytes)
            Iterator<Integer> chunks = ClientCalls.blockingServerStreamingCall(hub.channel(address),
                    ChunkBytes.fetchInto(spool), CallOptions.DEFAULT.withDeadlineAfter(CALL_DEADLINE_MS,
                            TimeUnit.MILLISECONDS), request);
            while (chunks.hasNext()) {
                chunks.next();
            }
            spool.finish();
        } catch (StatusRuntimeException e) {
            spool.fail("fetch failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
        } catch (IllegalStateException e) {
            spool.fail(e.getMessage());
        }
    }

    /** Where large results are kept on disk as well ({@link ResultShelf}); null: in memory only. */
    ResultShelf shelf() {
        return shelf;
    }

    void keepOn(ResultShelf s) {
        shelf = s;
    }

    /** Stops serving the items of the attempts whose ids start with {@code prefix}. */
    void forget(String prefix) {
        served.keySet().removeIf(id -> id.startsWith(prefix));
    }

    void clear() {
        served.clear();
    }

    private static String servedId(String task, String subtask, int attempt, String from, String to, String name,
            String digest) {
        return task + "|" + subtask + "|" + attempt + "|" + from + "|" + to + "|" + name + "|" + digest;
    }
}
