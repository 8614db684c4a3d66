package dev.weft.gateway.engine;

import dev.weft.gateway.engine.EngineException.Reason;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.engine.v1.SendMode;
import java.util.HashSet;
import java.util.Set;

/** What a request must satisfy before any unit sees it. */
final class RequestChecks {
    private RequestChecks() {
    }

    static void validate(ExecuteRequest request) {
        require(!request.getTaskId().isBlank(), "task_id is required");
        require(!request.getSubtaskId().isBlank(), "subtask_id is required");
        require(!request.getOperation().isBlank(), "operation is required");
        require(request.getSendMode() == SendMode.FIRST_SEND || request.getSendMode() == SendMode.RESEND,
                "send_mode must be FIRST_SEND or RESEND");
        Set<String> names = new HashSet<>();
        for (Input input : request.getInputsList()) {
            require(!input.getName().isBlank(), "every input needs a name");
            require(names.add(input.getName()), "input " + input.getName() + " is given twice");
            // S1.8: prefetched data is checked against the digest the chain recorded
            // (an input sent by digest is checked as it arrives from its producer)
            require(input.getDigest().isEmpty() || !input.getFetchFrom().isEmpty()
                    || Digests.matches(input.getDigest(), input.getValue().toByteArray()),
                    "input " + input.getName() + " does not match its digest " + input.getDigest());
            require(input.getFetchFrom().isEmpty() || input.getName().matches("result:[^/]+/.+")
                    && !input.getDigest().isEmpty() && !input.getProducerMspId().isEmpty()
                    && input.getProducerAttempt() > 0, "input " + input.getName() + " is sent by digest without a "
                    + "result name, digest, producer and attempt");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new EngineException(Reason.BAD_REQUEST, message);
        }
    }
}
