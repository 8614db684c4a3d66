package dev.weft.gateway.cluster;

import java.time.Duration;

/**
 * A starting member's place in its cluster, checked against the chain: its enrolled row
 * (the priority it was started with, if any, must be the enrolled one), the cluster's TTL,
 * and its keepalive cadence (at most half the TTL).
 */
record Enrolment(ClusterView.MemberRow row, Duration ttl, Duration interval) {

    static Enrolment check(Member.Config config, ClusterView view) {
        if (!view.name().equals(config.cluster())) {
            throw new IllegalArgumentException("the cluster of " + config.mspId() + " is named " + view.name()
                    + ", not " + config.cluster());
        }
        ClusterView.MemberRow me = view.member(config.memberId());
        if (me == null) {
            throw new IllegalArgumentException(config.memberId() + " is not enrolled in cluster " + view.name()
                    + " (an admin enrols it: weft cluster enrol)");
        }
        if (config.priority() != null && config.priority() != me.priority()) {
            throw new IllegalArgumentException("member " + me.memberId() + " is enrolled with priority "
                    + me.priority() + ", not " + config.priority());
        }
        Duration ttl = Duration.ofSeconds(view.ttlSeconds());
        Duration interval = config.keepalive() != null ? config.keepalive() : ttl.dividedBy(3);
        if (interval.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("the keepalive interval must be at most half the TTL (" + ttl + ")");
        }
        return new Enrolment(me, ttl, interval);
    }

    /** The port of the member's enrolled address, where its peers reach it. */
    int port() {
        String address = row.address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
