package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic resolution of a call to a version. A caller labels its call
 * TEST (pre-release test traffic), GRAY (a gray test transaction) or PRODUCTION,
 * or leaves it to the policy (empty or AUTO): such regular traffic is GRAY when
 * a gray rule is in force and the caller is in its cohort or the routing key's
 * bucket is below its weight, PRODUCTION otherwise. A label grants nothing the
 * phase does not: each class reaches the version the phase gives it (see
 * {@link Phase}), so labelling a call GRAY before the gray phase still reaches
 * the old version, and PRODUCTION is how critical traffic stays out of a gray slice.
 *
 * <p>The bucket of a routing key is, reproducibly off chain as well:
 * {@code unsigned_big_endian(SHA-256(UTF-8(name + "\n" + routingKey))[0..8]) mod 10000}.
 * So the same key always lands on the same version for a given policy, and
 * raising the weight only ever adds keys to the gray slice.
 */
public final class Resolver {
    public static final int BUCKETS = 10_000;
    static final int MAX_ROUTING_KEY = 1024;

    private Resolver() {
    }

    /**
     * Where one call goes. {@code matchedBy} is "test", "class" (labelled GRAY or
     * PRODUCTION), "cohort", "weight" or "default".
     *
     * <pre>{"route":"asset","kind":"CHAINCODE","phase":"GRAY","revision":2,"trafficClass":"GRAY","version":"NEW",
     *  "target":{"label":"2","chaincode":"asset_v2"},"routingKey":"k1","bucket":417,"matchedBy":"weight"}</pre>
     */
    public record Resolution(String route, String kind, String phase, long revision, String trafficClass,
            String version, VersionTarget target, String routingKey, int bucket, String matchedBy) {
    }

    public static int bucket(String name, String routingKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name + "\n" + routingKey).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Resolves for {@code caller}; an empty routing key means the caller's qualified identity. */
    static Resolution resolve(RoutePolicy p, String requestedClass, String routingKey, Caller caller) {
        String key = routingKey == null || routingKey.isEmpty() ? caller.qualifiedId() : routingKey;
        if (key.length() > MAX_ROUTING_KEY) {
            throw WeftException.of(ErrorCode.TOO_LARGE, "routing key exceeds %d characters", MAX_ROUTING_KEY);
        }
        int bucket = bucket(p.name(), key);
        TrafficClass cls;
        String matchedBy;
        if (TrafficClass.TEST.name().equals(requestedClass)) {
            cls = TrafficClass.TEST;
            matchedBy = "test";
        } else if (TrafficClass.GRAY.name().equals(requestedClass)
                || TrafficClass.PRODUCTION.name().equals(requestedClass)) {
            cls = TrafficClass.valueOf(requestedClass);
            matchedBy = "class";
        } else if (requestedClass == null || requestedClass.isEmpty() || "AUTO".equals(requestedClass)) {
            GrayRule g = p.gray();
            if (g != null && g.cohort() != null && g.cohort().includes(caller)) {
                cls = TrafficClass.GRAY;
                matchedBy = "cohort";
            } else if (g != null && bucket < g.weightBps()) {
                cls = TrafficClass.GRAY;
                matchedBy = "weight";
            } else {
                cls = TrafficClass.PRODUCTION;
                matchedBy = "default";
            }
        } else {
            throw WeftException.of(ErrorCode.BAD_REQUEST,
                    "traffic class must be TEST, GRAY, PRODUCTION, AUTO or empty, was %s", requestedClass);
        }
        String version = p.classes().of(cls);
        VersionTarget target = ClassTargets.NEW.equals(version) ? p.newVersion() : p.oldVersion();
        return new Resolution(p.name(), p.kind(), p.phase(), p.revision(), cls.name(), version, target, key, bucket,
                matchedBy);
    }
}
