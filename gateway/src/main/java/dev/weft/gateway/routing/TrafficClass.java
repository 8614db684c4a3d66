package dev.weft.gateway.routing;

import java.util.Locale;

/**
 * The class a routed call asks for (S2.8): pre-release TEST traffic, a GRAY test
 * transaction, PRODUCTION, or AUTO — let the policy's gray rule decide between
 * gray and production by cohort and routing-key bucket.
 */
public enum TrafficClass {
    AUTO, TEST, GRAY, PRODUCTION;

    /** The argument {@code route:Invoke} takes: the name, or empty for AUTO. */
    public String wire() {
        return this == AUTO ? "" : name();
    }

    /** The policy's field for a resolved class: "test", "gray" or "production". */
    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }
}
