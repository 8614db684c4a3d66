package dev.weft.gateway.engine.exchange;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.gateway.engine.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The large results a standard engine serves by digest ({@link Results}), kept in a folder of the
 * engine's own as well as in memory, so that an engine restarted before the dependants fetched them
 * serves them again, to the same readers, until the end of the lifetime they were offered for.
 *
 * <p>One result is two owner-only files named by the SHA-256 of its address (task, subtask, attempt,
 * digest), so no task ID becomes a path: {@code <name>.bin} with its bytes, and {@code <name>.json}
 * with its address, readers and end of life, written after the bytes (each through a temporary file,
 * forced to disk and moved into place), so a description never names bytes that are not all there.
 * On restore, an entry whose lifetime has ended, whose bytes are missing or whose bytes do not match
 * its digest is deleted and not served (the dependants' engines check the digest anyway).
 */
final class ResultShelf {
    private static final Logger LOG = LoggerFactory.getLogger(ResultShelf.class);

    /** What the folder says of one result. */
    record Entry(@JsonProperty("task_id") String taskId, @JsonProperty("subtask_id") String subtaskId,
            @JsonProperty("attempt") int attempt, @JsonProperty("digest") String digest,
            @JsonProperty("readers") List<String> readers, @JsonProperty("until_ms") long untilMillis) {
        ExchangeHub.Key key() {
            return new ExchangeHub.Key(taskId, subtaskId, attempt);
        }
    }

    /** A result read back, with the time it still has to be served. */
    record Restored(Entry entry, byte[] value, Duration remaining) {
    }

    private static final String WHAT = "large result";

    private final OwnerOnlyFolder folder;
    private final Clock clock;

    private ResultShelf(OwnerOnlyFolder folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /** The shelf in {@code folder}, created owner-only when it does not exist. */
    static ResultShelf open(Path folder, Clock clock) {
        return new ResultShelf(OwnerOnlyFolder.open(folder, "large results"), clock);
    }

    /** Keeps {@code value} for {@code lifetime} from now; false (logged) when the disk refused it. */
    boolean keep(ExchangeHub.Key key, String digest, byte[] value, Collection<String> readers, Duration lifetime) {
        String name = name(key, digest);
        Entry entry = new Entry(key.taskId(), key.subtaskId(), key.attempt(), digest, List.copyOf(readers),
                clock.instant().plus(lifetime).toEpochMilli());
        try {
            folder.writeEntry(name, value, entry);
            return true;
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("result {} ({} bytes) is served from memory only, a restart of this engine loses it: {}", key,
                    value.length, e.toString());
            return false;
        }
    }

    /** Deletes what the shelf keeps of this result. */
    void drop(ExchangeHub.Key key, String digest) {
        folder.deleteEntry(WHAT, name(key, digest));
    }

    /** Every result whose lifetime has not ended and whose bytes match their digest; the others deleted. */
    List<Restored> restore() {
        Instant now = clock.instant();
        return folder.entries("*", WHAT, name -> read(name, now));
    }

    private Restored read(String name, Instant now) {
        try {
            Entry entry = folder.description(name, Entry.class);
            Duration remaining = Duration.between(now, Instant.ofEpochMilli(entry.untilMillis()));
            if (remaining.isNegative() || remaining.isZero() || !name.equals(name(entry.key(), entry.digest()))) {
                return null;
            }
            byte[] value = folder.bytes(name);
            if (!Digests.matches(entry.digest(), value)) {
                LOG.warn("large result {} in {} does not match its digest {}: deleted, not served", entry.key(),
                        folder.path(), entry.digest());
                return null;
            }
            return new Restored(entry, value, remaining);
        } catch (IOException e) {
            LOG.warn("large result {} in {} cannot be read: deleted, not served ({})", name, folder.path(),
                    e.toString());
            return null;
        }
    }

    private static String name(ExchangeHub.Key key, String digest) {
        return Digests.sha256Hex((key.taskId() + "\n" + key.subtaskId() + "\n" + key.attempt() + "\n" + digest)
                .getBytes(StandardCharsets.UTF_8));
    }
}
