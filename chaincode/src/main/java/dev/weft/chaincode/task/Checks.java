package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The task contract's limits and the checks of its arguments, each failing with a stable code. */
final class Checks {
    static final int MAX_SUBTASKS = 1000;
    static final int MAX_PARTICIPANTS = 16;
    static final int MAX_PARAMETER_BYTES = 4 * 1024;
    static final int MAX_INLINE_VALUE_BYTES = 16 * 1024;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_REASON_BYTES = 1024;
    /** Longer than the peer's time window, so a subtask always gets time however its timestamps were chosen. */
    static final int MIN_TIMEOUT_SECONDS = (int) dev.weft.chaincode.ledger.Ledger.TIME_WINDOW.toSeconds() + 60;
    static final int MAX_TIMEOUT_SECONDS = 604_800;
    static final int DEFAULT_TIMEOUT_SECONDS = 1_800;
    /** Retries are bounded so a subtask's failure history stays small. */
    static final int MAX_ATTEMPTS = 32;
    static final int DEFAULT_PAGE_SIZE = 50;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");
    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private Checks() {
    }

    /** IDs of definitions, subtask names, parameter keys, MSP IDs. */
    static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s %s must match %s", what, quote(value), NAME);
        }
        return value;
    }

    static String operation(String subtask, String value) {
        if (value == null || !OPERATION.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "operation %s of subtask %s must match %s",
                    quote(value), subtask, OPERATION);
        }
        return value;
    }

    static String taskId(String value) {
        if (value == null || !TASK_ID.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "task ID %s must match %s", quote(value), TASK_ID);
        }
        return value;
    }

    static int attempt(String value) {
        int attempt = integer("attempt", value);
        if (attempt < 1) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "attempt must be 1 or more, got %d", attempt);
        }
        return attempt;
    }

    static int pageSize(String value) {
        return value == null || value.isBlank() ? DEFAULT_PAGE_SIZE : integer("page size", value);
    }

    static String digest(String value) {
        if (value == null || !DIGEST.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "digest must be 64 lowercase hex characters (SHA-256)");
        }
        return value;
    }

    /** The inline value of a result: absent when empty; bounded; hashing to the digest. */
    static String inlineValue(String value, String digest) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_INLINE_VALUE_BYTES) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "inline value is %d bytes; the limit is %d (keep larger data"
                    + " off chain, addressed by its digest)", bytes.length, MAX_INLINE_VALUE_BYTES);
        }
        if (!sha256(bytes).equals(digest)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "inline value does not hash to the digest");
        }
        return value;
    }

    static String reason(String value) {
        if (value == null || value.isBlank()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "a failure needs a reason");
        }
        if (utf8Length(value) > MAX_REASON_BYTES) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "reason exceeds %d bytes", MAX_REASON_BYTES);
        }
        return value;
    }

    /** A flat string map, sorted, with checked keys and a bounded total size. */
    static SortedMap<String, String> parameters(String what, Map<String, String> raw) {
        SortedMap<String, String> out = new TreeMap<>();
        if (raw == null) {
            return out;
        }
        long bytes = 0;
        for (Map.Entry<String, String> e : raw.entrySet()) {
            name("key of " + what, e.getKey());
            if (e.getValue() == null) {
                throw WeftException.of(ErrorCode.BAD_REQUEST, "%s %s has no value", what, e.getKey());
            }
            bytes += utf8Length(e.getKey()) + utf8Length(e.getValue());
            out.put(e.getKey(), e.getValue());
        }
        if (bytes > MAX_PARAMETER_BYTES) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "%s total %d bytes; the limit is %d",
                    what, bytes, MAX_PARAMETER_BYTES);
        }
        return out;
    }

    static String sha256(String value) {
        return sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int integer(String what, String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s must be an integer, got %s", what, quote(value));
        }
    }

    private static String quote(String value) {
        if (value == null) {
            return "(missing)";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
