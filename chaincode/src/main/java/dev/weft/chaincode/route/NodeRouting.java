package dev.weft.chaincode.route;

/**
 * The node-logic routing policy (S2.9) in the form the gateway applies when it
 * picks peers and endorsers: for each traffic class, the organisations (and
 * peers, if named) running the logic that class must reach, plus the gray rule
 * that decides which regular traffic is gray (see {@link Resolver} for the
 * bucket formula, so the gateway can classify a call without a query).
 *
 * <pre>{"route":"peer-logic","phase":"GRAY","revision":2,
 *  "test":{"label":"2","orgs":["Org2MSP"]},"gray":{"label":"2","orgs":["Org2MSP"]},
 *  "production":{"label":"1","orgs":["Org1MSP","Org3MSP"]},"grayRule":{"weightBps":1000}}</pre>
 */
public record NodeRouting(String route, String phase, long revision, VersionTarget test, VersionTarget gray,
        VersionTarget production, GrayRule grayRule) {

    static NodeRouting of(RoutePolicy p) {
        return new NodeRouting(p.name(), p.phase(), p.revision(), target(p, TrafficClass.TEST),
                target(p, TrafficClass.GRAY), target(p, TrafficClass.PRODUCTION), p.gray());
    }

    private static VersionTarget target(RoutePolicy p, TrafficClass c) {
        return ClassTargets.NEW.equals(p.classes().of(c)) ? p.newVersion() : p.oldVersion();
    }
}
