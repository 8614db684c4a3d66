package dev.weft.chaincode.route;

/**
 * The classes of traffic a routing policy treats separately (S2.8): pre-release
 * test transactions (asked for explicitly), the gray slice of regular traffic
 * (by cohort or weight), and the rest — production.
 */
public enum TrafficClass { TEST, GRAY, PRODUCTION }
