package dev.weft.chaincode.route;

/** What a route sends traffic to: deployed chaincode versions (S2.7) or organisations' nodes (S2.9). */
public enum RouteKind { CHAINCODE, NODE }
