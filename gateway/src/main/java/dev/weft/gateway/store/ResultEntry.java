package dev.weft.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the result list (S0.11): a result computed for a subtask attempt
 * that the chain has not yet confirmed. After a restart it is returned to the
 * chain again instead of being recomputed. The value is copied in and out, so an
 * entry is immutable; times are kept to the millisecond.
 *
 * <pre>{@code
 * store.recordResult(new ResultEntry(key, digest, value, "unit-a", Instant.now()));
 * tasks.submitResult(...);          // once committed:
 * store.complete(key);
 * }</pre>
 *
 * @param unit the compute unit that produced it, or {@code null} if unknown
 * @param manifestJson what a collaborative subtask exchanged (S1.10), or {@code null}
 */
public record ResultEntry(TaskKey key, String digest, byte[] value, String unit, Instant createdAt,
        String manifestJson) {

    /** A result without an exchange manifest (a subtask that is not collaborative). */
    public ResultEntry(TaskKey key, String digest, byte[] value, String unit, Instant createdAt) {
        this(key, digest, value, unit, createdAt, null);
    }

    public ResultEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(digest, "digest");
        value = Objects.requireNonNull(value, "value").clone();
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A copy of the result's bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResultEntry that
                && key.equals(that.key)
                && digest.equals(that.digest)
                && Arrays.equals(value, that.value)
                && Objects.equals(unit, that.unit)
                && createdAt.equals(that.createdAt)
                && Objects.equals(manifestJson, that.manifestJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, digest, Arrays.hashCode(value), unit, createdAt, manifestJson);
    }

    @Override
    public String toString() {
        return "ResultEntry[key=" + key + ", digest=" + digest + ", value=" + value.length + " bytes, unit=" + unit
                + ", createdAt=" + createdAt + "]";
    }
}
