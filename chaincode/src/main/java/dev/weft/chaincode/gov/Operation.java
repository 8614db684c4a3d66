package dev.weft.chaincode.gov;

import dev.weft.chaincode.ledger.Json;
import java.util.Map;

/**
 * A typed management operation: what a proposal asks for, what a grant
 * permits, and what {@code gov:Execute} performs. The grant binds the exact
 * operation: the request must carry the same type, target and parameters
 * (compared in canonical JSON, after the chaincode normalised them at proposal time).
 *
 * <pre>{"type":"GRAY","target":"asset","params":{"weightBps":1000,"cohort":{"orgs":["Org2MSP"]}}}</pre>
 *
 * @see OperationType for each type's target and parameters
 */
public record Operation(String type, String target, Map<String, Object> params) {

    /** Canonical JSON, the form that a request is compared with a grant in. */
    String canonical() {
        return Json.write(this);
    }
}
