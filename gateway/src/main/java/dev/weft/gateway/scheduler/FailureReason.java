package dev.weft.gateway.scheduler;

import java.nio.charset.StandardCharsets;

/**
 * A failure reason as the chain takes it: the chaincode refuses reasons longer
 * than {@link #MAX_BYTES} UTF-8 bytes with TOO_LARGE (its {@code Checks.MAX_REASON_BYTES}),
 * so longer ones are cut on a character boundary, never inside a character
 * (issue 9 item 10).
 */
final class FailureReason {
    /** The chaincode's limit on a failure reason, in UTF-8 bytes. */
    static final int MAX_BYTES = 1024;
    private static final String CUT = "…";

    private FailureReason() {
    }

    /** {@code reason} (a default when blank), at most {@link #MAX_BYTES} UTF-8 bytes long. */
    static String fit(String reason) {
        String why = reason == null || reason.isBlank() ? "engine reported a failure" : reason;
        if (why.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return why;
        }
        int budget = MAX_BYTES - CUT.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < why.length(); ) {
            int cp = why.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > budget) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.append(CUT).toString();
    }
}
