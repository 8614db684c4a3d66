package dev.weft.chaincode.route;

/** The parameters of the routing operations, as a proposal's operation carries them. */
final class RolloutParams {
    private RolloutParams() {
    }

    /** {@code {"kind":"CHAINCODE","oldVersion":{…},"newVersion":{…},"emergencyRollback":{…}}} */
    record PreRelease(String kind, VersionTarget oldVersion, VersionTarget newVersion, Principals emergencyRollback) {
    }

    /** {@code {"weightBps":1000,"cohort":{…},"emergencyRollback":{…}}} */
    record Gray(Integer weightBps, Principals cohort, Principals emergencyRollback) {
    }

    /** {@code {"emergencyRollback":{…}}} */
    record Switch(Principals emergencyRollback) {
    }

    /** {@code {"reason":"…"}}, for ROLLBACK and FINALIZE alike. */
    record Note(String reason) {
    }
}
