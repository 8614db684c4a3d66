package dev.weft.gateway.engine.exchange;

import static dev.weft.gateway.engine.exchange.ExchangeHub.refuse;

import dev.weft.gateway.engine.Digests;
import dev.weft.proto.exchange.v1.Chunk;
import dev.weft.proto.exchange.v1.ExchangeGrpc;
import dev.weft.proto.exchange.v1.Item;
import dev.weft.proto.exchange.v1.ItemAddress;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Large results by digest (S1.10; docs/exchange.md): a result too large to ride inline on
 * chain stays with the engine that produced it, which serves it over its exchange port
 * ({@code Fetch}) to the organisations its gateway named as readers — the participants of
 * the subtasks that depend on it, read from the definition on chain — and to nobody else.
 * An item of the name {@value #NAME} from the producer to each reader, addressed by the
 * producing attempt and the result's digest; the reader's engine checks the bytes against
 * that digest before its unit sees them.
 *
 * <pre>{@code
 * Results.offer(hub, new ExchangeHub.Key(task, "big", 1), digest, value, List.of("Org2MSP"));
 * byte[] v = Results.fetch(org2Hub, "org1-host:7090", new ExchangeHub.Key(task, "big", 1), "Org1MSP", digest);
 * }</pre>
 */
public final class Results {
    /** The item name a result travels under. */
    public static final String NAME = "result";

    private Results() {
    }

    /**
     * Serves {@code value} (its SHA-256 {@code digest}) to each of {@code readers} for the hub's session
     * lifetime, and keeps it on the hub's shelf for as long when it has one ({@link ExchangeSetup#keepingResultsIn}).
     */
    public static void offer(ExchangeHub hub, ExchangeHub.Key key, String digest, byte[] value,
            Collection<String> readers) {
        ResultShelf shelf = hub.large().shelf();
        if (shelf != null) {
            shelf.keep(key, digest, value, readers, hub.lifetime());
        }
        serve(hub, key, digest, value, readers, hub.lifetime(), shelf);
    }

    /** Serves again what {@code shelf} kept (an engine restarted), each for the rest of its lifetime; how many. */
    static int restore(ExchangeHub hub, ResultShelf shelf) {
        List<ResultShelf.Restored> kept = shelf.restore();
        for (ResultShelf.Restored r : kept) {
            serve(hub, r.entry().key(), r.entry().digest(), r.value(), r.entry().readers(), r.remaining(), shelf);
        }
        hub.large().keepOn(shelf);
        return kept.size();
    }

    private static void serve(ExchangeHub hub, ExchangeHub.Key key, String digest, byte[] value,
            Collection<String> readers, Duration lifetime, ResultShelf shelf) {
        Spool spool = Spool.of(value, digest);
        List<Item> items = readers.stream().filter(reader -> !reader.equals(hub.self()))
                .map(reader -> Item.newBuilder().setTaskId(key.taskId()).setSubtaskId(key.subtaskId())
                        .setAttempt(key.attempt()).setFromMspId(hub.self()).setToMspId(reader).setName(NAME)
                        .setDigest(digest).setSize(value.length).build())
                .toList();
        items.forEach(item -> hub.large().offer(item, spool));
        hub.timer().schedule(() -> {
            items.forEach(hub.large()::withdraw);
            if (shelf != null) {
                shelf.drop(key, digest);
            }
        }, lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The result of {@code producer}'s attempt {@code key} fetched from {@code address} and checked
     * against {@code digest}.
     *
     * @throws io.grpc.StatusRuntimeException the producer's refusal (PERMISSION_DENIED for a non-reader,
     *     NOT_FOUND when it serves no such result), UNAVAILABLE, or INVALID_ARGUMENT when the bytes do not
     *     match the digest or exceed {@link ExchangePort#MAX_ITEM_BYTES}
     */
    public static byte[] fetch(ExchangeHub hub, String address, ExchangeHub.Key key, String producer,
            String digest) {
        ItemAddress request = ItemAddress.newBuilder().setTaskId(key.taskId()).setSubtaskId(key.subtaskId())
                .setAttempt(key.attempt()).setFromMspId(producer).setToMspId(hub.self()).setName(NAME)
                .setDigest(digest).build();
        Iterator<Chunk> chunks = ExchangeGrpc.newBlockingStub(hub.channel(address))
                .withDeadlineAfter(LargeItems.CALL_DEADLINE_MS, TimeUnit.MILLISECONDS).fetch(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (chunks.hasNext()) {
            Chunk chunk = chunks.next();
            if (out.size() + chunk.getData().size() > ExchangePort.MAX_ITEM_BYTES) {
                throw refuse(Status.INVALID_ARGUMENT, "the result of " + key + " from " + producer + " exceeds "
                        + ExchangePort.MAX_ITEM_BYTES + " bytes");
            }
            out.writeBytes(chunk.getData().toByteArray());
        }
        byte[] value = out.toByteArray();
        if (!Digests.matches(digest, value)) {
            throw refuse(Status.INVALID_ARGUMENT, "the result of " + key + " fetched from " + producer + " at "
                    + address + " does not match its digest " + digest);
        }
        return value;
    }
}
