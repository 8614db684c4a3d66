package dev.weft.gateway.engine.exchange;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.gateway.engine.Digests;
import dev.weft.proto.exchange.v1.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items an engine's sessions took (S1.10), kept in a folder of the engine's own before the
 * sender is told they arrived, so that an engine restarted in the middle of an attempt gives its
 * unit everything the senders already delivered: a sender forgets an item once it is acknowledged,
 * and its own attempt may be over by then.
 *
 * <p>One item is two owner-only files ({@link OwnerOnlyFolder}) whose name is the SHA-256 of the
 * attempt and the SHA-256 of (sender, name), so no task ID or item name becomes a path:
 * {@code .bin} with the bytes as the unit reads them, {@code .json} with the item's address, formats,
 * digests and the end of its session's lifetime, written after the bytes. They are deleted when the
 * session ends ({@link ExchangeHub#close(ExchangeHub.Key)} or its lifetime), not when the engine
 * stops. On restore, an item whose lifetime has ended, whose bytes are missing or do not match its
 * digest is deleted and not given to any unit (its sender's resends are then all that can bring it).
 */
final class ReceivedShelf {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivedShelf.class);

    /** What the folder says of one item. */
    record Entry(@JsonProperty("task_id") String taskId, @JsonProperty("subtask_id") String subtaskId,
            @JsonProperty("attempt") int attempt, @JsonProperty("from") String from, @JsonProperty("to") String to,
            @JsonProperty("name") String name, @JsonProperty("format") String format,
            @JsonProperty("digest") String digest, @JsonProperty("sent_digest") String sentDigest,
            @JsonProperty("sent_size") long sentSize, @JsonProperty("sent_format") String sentFormat,
            @JsonProperty("until_ms") long untilMillis) {
        ExchangeHub.Key key() {
            return new ExchangeHub.Key(taskId, subtaskId, attempt);
        }

        Item item(long size) {
            return Item.newBuilder().setTaskId(taskId).setSubtaskId(subtaskId).setAttempt(attempt)
                    .setFromMspId(from).setToMspId(to).setName(name).setFormat(format).setDigest(digest)
                    .setSize(size).setSentDigest(sentDigest).setSentSize(sentSize).setSentFormat(sentFormat).build();
        }
    }

    /** An item read back: its attempt, its address (no payload), its bytes and the end of its lifetime. */
    record Restored(ExchangeHub.Key key, Item item, byte[] data, Instant until) {
    }

    private static final String WHAT = "received item";

    private final OwnerOnlyFolder folder;
    private final Clock clock;

    private ReceivedShelf(OwnerOnlyFolder folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /** The shelf in {@code folder}, created owner-only when it does not exist. */
    static ReceivedShelf open(Path folder, Clock clock) {
        return new ReceivedShelf(OwnerOnlyFolder.open(folder, "received items"), clock);
    }

    /**
     * Keeps an item taken by the session of {@code key} (its address without payload, its bytes as the unit
     * reads them) until {@code until}; logged when the disk refused it (the item is then in memory only).
     */
    void keep(ExchangeHub.Key key, Item item, byte[] data, Instant until) {
        String name = name(key, item.getFromMspId(), item.getName());
        Entry entry = new Entry(key.taskId(), key.subtaskId(), key.attempt(), item.getFromMspId(),
                item.getToMspId(), item.getName(), item.getFormat(), item.getDigest(), item.getSentDigest(),
                item.getSentSize(), item.getSentFormat(), until.toEpochMilli());
        try {
            folder.writeEntry(name, data, entry);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("item {} from {} for {} ({} bytes) is kept in memory only, a restart of this engine loses it: "
                    + "{}", item.getName(), item.getFromMspId(), key, data.length, e.toString());
        }
    }

    /** Deletes every item kept for the attempt {@code key}. */
    void drop(ExchangeHub.Key key) {
        folder.entries(attempt(key) + "-*", WHAT, name -> null); // each made nothing of, so deleted
    }

    /** The items whose lifetime has not ended and whose bytes match their digest, by attempt; the others deleted. */
    Map<ExchangeHub.Key, List<Restored>> restore() {
        Instant now = clock.instant();
        Map<ExchangeHub.Key, List<Restored>> out = new TreeMap<>(Comparator.comparing(ExchangeHub.Key::toString));
        for (Restored r : folder.entries("*", WHAT, name -> read(name, now))) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private Restored read(String name, Instant now) {
        try {
            Entry entry = folder.description(name, Entry.class);
            Instant until = Instant.ofEpochMilli(entry.untilMillis());
            if (!until.isAfter(now) || !name.equals(name(entry.key(), entry.from(), entry.name()))) {
                return null;
            }
            byte[] data = folder.bytes(name);
            if (!Digests.matches(entry.digest(), data)) {
                LOG.warn("item {} from {} for {} in {} does not match its digest {}: deleted, not taken",
                        entry.name(), entry.from(), entry.key(), folder.path(), entry.digest());
                return null;
            }
            return new Restored(entry.key(), entry.item(data.length), data, until);
        } catch (IOException e) {
            LOG.warn("received item {} in {} cannot be read: deleted, not taken ({})", name, folder.path(),
                    e.toString());
            return null;
        }
    }

    private static String attempt(ExchangeHub.Key key) {
        return Digests.sha256Hex((key.taskId() + "\n" + key.subtaskId() + "\n" + key.attempt())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String name(ExchangeHub.Key key, String from, String item) {
        return attempt(key) + "-" + Digests.sha256Hex((from + "\n" + item).getBytes(StandardCharsets.UTF_8));
    }
}
