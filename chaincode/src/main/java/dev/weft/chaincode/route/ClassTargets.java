package dev.weft.chaincode.route;

/**
 * The routing policy per traffic class: which version ("OLD" or "NEW") each
 * class reaches. {@code {"test":"NEW","gray":"NEW","production":"OLD"}}
 */
public record ClassTargets(String test, String gray, String production) {
    public static final String OLD = "OLD";
    public static final String NEW = "NEW";

    String of(TrafficClass c) {
        return switch (c) {
            case TEST -> test;
            case GRAY -> gray;
            case PRODUCTION -> production;
        };
    }
}
