package dev.weft.gateway.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The routing-key bucket, computed off chain exactly as the chaincode's resolver
 * does: {@code unsigned_big_endian(SHA-256(UTF-8(route + "\n" + key))[0..8]) mod 10000}.
 * A key whose bucket is below a gray weight (in basis points) is gray traffic.
 *
 * <pre>{@code
 * boolean gray = Buckets.of("asset", "customer-42") < 1000;   // a 10 % gray slice
 * }</pre>
 */
public final class Buckets {
    public static final int COUNT = 10_000;

    private Buckets() {
    }

    public static int of(String route, String routingKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((route + "\n" + routingKey).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), COUNT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
