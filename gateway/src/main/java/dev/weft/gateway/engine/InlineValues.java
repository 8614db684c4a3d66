package dev.weft.gateway.engine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Which results ride inline on chain: UTF-8 text up to {@link #MAX} bytes. A larger
 * result (or bytes that are not text) goes on chain by digest only; its producer's
 * engine serves it to the organisations that depend on it (S1.10, docs/exchange.md
 * "Large results by digest").
 */
public final class InlineValues {
    /** Largest result that rides inline on chain. */
    public static final int MAX = 16 * 1024;

    private InlineValues() {
    }

    /** {@code value} as the text that goes on chain; empty when it does not ride inline. */
    public static String inline(byte[] value) {
        if (value.length > MAX) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notText) {
            return "";
        }
    }

    /** Whether {@code value} travels by digest only. */
    public static boolean byDigest(byte[] value) {
        return value.length > 0 && inline(value).isEmpty();
    }
}
