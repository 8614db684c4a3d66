package dev.weft.chaincode.gov;

/**
 * The management operations governance decides on, with their target and
 * parameters. Routing operations act on the routing policy of the logical
 * chaincode (or node logic) named by the target; see
 * {@link dev.weft.chaincode.route.Rollout} for their parameters.
 *
 * <ul>
 *   <li>{@code PRE_RELEASE} (target: logical name) — {@code {"kind":"CHAINCODE"|"NODE","oldVersion":{…},
 *       "newVersion":{…},"emergencyRollback":{"orgs":[…],"identities":[…]}}}; {@code oldVersion} only (and
 *       required) when the route is new, {@code kind} defaults to CHAINCODE: pre-release test traffic goes
 *       to the new version.</li>
 *   <li>{@code GRAY} — {@code {"weightBps":0..10000,"cohort":{"orgs":[…],"identities":[…]},
 *       "emergencyRollback":{…}}}: the gray slice of regular traffic goes to the new version.</li>
 *   <li>{@code SWITCH} — {@code {"emergencyRollback":{…}}}: production traffic goes to the new version.</li>
 *   <li>{@code ROLLBACK} — {@code {"reason":"…"}}: every class back to the old version.</li>
 *   <li>{@code FINALIZE} — {@code {"reason":"…"}}: the new version becomes the only one.</li>
 *   <li>{@code REGISTER_TASK_DEFINITION} (target: the definition's {@code id}) — params: the task definition
 *       as {@code task:RegisterDefinition} takes it; registered with the grantee as owner.</li>
 *   <li>{@code UPDATE_GOVERNANCE} (target: {@code "governance"}) — params: the complete new
 *       {@link GovernanceSettings}; an omitted field takes its default, not its current value.</li>
 *   <li>{@code SET_MEMBERS} (target: {@code "members"}) — {@code {"mspIds":["Org1MSP",…]}}: the
 *       channel's member organisations as the chaincode knows them; never drops a governance voter.</li>
 * </ul>
 */
public enum OperationType {
    PRE_RELEASE, GRAY, SWITCH, ROLLBACK, FINALIZE, REGISTER_TASK_DEFINITION, UPDATE_GOVERNANCE, SET_MEMBERS;

    boolean routing() {
        return this == PRE_RELEASE || this == GRAY || this == SWITCH || this == ROLLBACK || this == FINALIZE;
    }

    static OperationType parse(String type) {
        for (OperationType t : values()) {
            if (t.name().equals(type)) {
                return t;
            }
        }
        throw dev.weft.chaincode.ledger.WeftException.of(dev.weft.chaincode.ledger.ErrorCode.BAD_REQUEST,
                "unknown operation type %s", type);
    }
}
