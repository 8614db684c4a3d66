package dev.weft.chaincode.cluster;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.regex.Pattern;

/** The cluster contract's limits and argument checks, each failing with a stable code. */
final class ClusterChecks {
    static final int MIN_TTL_SECONDS = 2;
    static final int MAX_TTL_SECONDS = 3600;
    static final int MAX_PRIORITY = 1_000_000;
    static final int MAX_IDENTITY = 1024;
    static final int MAX_MEMBERS = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.-]{1,253}:([0-9]{1,5})");
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,18}");

    private ClusterChecks() {
    }

    /** Cluster names and member IDs. */
    static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "%s must match %s", what, NAME);
        }
        return value;
    }

    static int ttl(String value) {
        int ttl;
        try {
            ttl = Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "master TTL must be an integer number of seconds");
        }
        if (ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "master TTL must be %d..%d seconds, got %d",
                    MIN_TTL_SECONDS, MAX_TTL_SECONDS, ttl);
        }
        return ttl;
    }

    static long epoch(String value) {
        if (value == null || !EPOCH.matcher(value).matches()) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "epoch must be a non-negative integer");
        }
        return Long.parseLong(value);
    }

    static int priority(Integer value) {
        if (value == null || value < 0 || value > MAX_PRIORITY) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "priority must be 0..%d", MAX_PRIORITY);
        }
        return value;
    }

    static String address(String value) {
        var m = value == null ? null : ADDRESS.matcher(value);
        if (m == null || !m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "address must be host:port with a port 1..65535");
        }
        return value;
    }

    /** A Fabric identity ID as the shim reports it ({@code x509::<subject>::<issuer>}). */
    static String identity(String value) {
        if (value == null || !value.startsWith("x509::") || value.length() > MAX_IDENTITY
                || value.chars().anyMatch(Character::isISOControl)) {
            throw WeftException.of(ErrorCode.BAD_REQUEST,
                    "identity must be a Fabric identity ID x509::<subject>::<issuer> of at most %d characters",
                    MAX_IDENTITY);
        }
        return value;
    }
}
