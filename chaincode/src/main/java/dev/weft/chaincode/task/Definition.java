package dev.weft.chaincode.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered task type (S1.1): a DAG of subtasks, each naming its operation,
 * its participant organisations, the subtasks it depends on, its parameters and
 * its timeout. Definitions never change once registered, so every transaction
 * may read one without risking a conflict.
 *
 * <pre>{@code
 * {"id":"score","description":"…","subtasks":[
 *   {"name":"extract","operation":"sql.query","participants":["Org1MSP","Org2MSP"],"parameters":{"table":"t"}},
 *   {"name":"merge","operation":"sum","participants":["Org3MSP"],"dependsOn":["extract"],"timeoutSeconds":60}]}
 * }</pre>
 *
 * @param ownerMsp     the organisation whose admin registered it
 * @param registeredBy the registering identity, qualified by its MSP
 */
public record Definition(String id, String description, List<SubtaskSpec> subtasks, String ownerMsp,
        String registeredBy, String registeredAt, String txId) {

    public Definition {
        subtasks = List.copyOf(subtasks);
    }

    /**
     * One subtask of a definition, normalised: participants sorted, dependencies
     * in definition order, parameters sorted, timeout defaulted.
     */
    public record SubtaskSpec(String name, String operation, List<String> participants, List<String> dependsOn,
            SortedMap<String, String> parameters, int timeoutSeconds) {

        public SubtaskSpec {
            participants = List.copyOf(participants);
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            parameters = parameters == null ? new TreeMap<>() : new TreeMap<>(parameters);
        }
    }

    public Optional<SubtaskSpec> subtask(String name) {
        return subtasks.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A definition as a caller writes it; unknown fields are rejected by the codec. */
    record Draft(String id, String description, List<DraftSubtask> subtasks) {
    }

    /** A subtask as a caller writes it; optional fields may be missing. */
    record DraftSubtask(String name, String operation, List<String> participants, List<String> dependsOn,
            Map<String, String> parameters, Integer timeoutSeconds) {
    }
}
