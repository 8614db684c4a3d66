package dev.weft.chaincode.task;

import dev.weft.chaincode.ledger.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registered task type (S1.1): a DAG of subtasks, each naming its operation,
 * its participant organisations, the subtasks it depends on, its parameters
 * (defaults), the parameters a task creator may set ({@link ParameterSpec}) and
 * its timeout. Only its owner organisation can replace it (a new revision); a
 * task can be created of it only while every participant organisation has
 * approved its current {@link #contentDigest()} ({@link DefinitionApprovals}).
 *
 * <pre>{@code
 * {"id":"score","description":"…","subtasks":[
 *   {"name":"extract","operation":"sum","participants":["Org1MSP","Org2MSP"],"parameters":{"query":"sales"},
 *    "creatorParameters":{"region":{"type":"enum","values":["north","south"]}}},
 *   {"name":"merge","operation":"combine","participants":["Org3MSP"],"dependsOn":["extract"],"timeoutSeconds":60}]}
 * }</pre>
 *
 * @param ownerMsp     the organisation whose admin registered it
 * @param registeredBy the registering identity, qualified by its MSP
 * @param revision     1 when first registered, one more at each replacement by its owner
 * @param digest       {@link #contentDigest()} when it was stored, what participants approve
 */
public record Definition(String id, String description, List<SubtaskSpec> subtasks, String ownerMsp,
        String registeredBy, String registeredAt, String txId, int revision, String digest) {

    public Definition {
        subtasks = List.copyOf(subtasks);
    }

    /**
     * One subtask of a definition, normalised: participants sorted, dependencies
     * in definition order, parameters sorted, timeout defaulted.
     *
     * @param collaborative {@code true} when the participants' engines take part in one
     *                      computation and exchange data during it (S1.10); absent (never
     *                      {@code false}) otherwise, so the content digest of a definition
     *                      without collaborative subtasks is what it was before the field existed
     */
    public record SubtaskSpec(String name, String operation, List<String> participants, List<String> dependsOn,
            SortedMap<String, String> parameters, SortedMap<String, ParameterSpec> creatorParameters,
            int timeoutSeconds, Boolean collaborative) {

        public SubtaskSpec {
            participants = List.copyOf(participants);
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            parameters = parameters == null ? new TreeMap<>() : new TreeMap<>(parameters);
            creatorParameters = creatorParameters == null ? new TreeMap<>() : new TreeMap<>(creatorParameters);
            collaborative = Boolean.TRUE.equals(collaborative) ? Boolean.TRUE : null;
        }

        public boolean exchangesData() {
            return collaborative != null;
        }
    }

    /** This definition at {@code nextRevision}, its digest set to its content's. */
    Definition revised(int nextRevision) {
        return new Definition(id, description, subtasks, ownerMsp, registeredBy, registeredAt, txId, nextRevision,
                contentDigest());
    }

    /** What a participant approves: the definition's content without who stored it when. */
    record Content(String id, String description, List<SubtaskSpec> subtasks) {
    }

    /** SHA-256 of the canonical JSON of {@link Content}, recomputed from what is stored. */
    public String contentDigest() {
        return Checks.sha256(Json.write(new Content(id, description, subtasks)));
    }

    /** Every organisation that participates in a subtask, sorted. */
    public List<String> participants() {
        return subtasks.stream().flatMap(s -> s.participants().stream()).distinct().sorted().toList();
    }

    public Optional<SubtaskSpec> subtask(String name) {
        return subtasks.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A definition as a caller writes it; unknown fields are rejected by the codec. */
    record Draft(String id, String description, List<DraftSubtask> subtasks) {
    }

    /** A subtask as a caller writes it; optional fields may be missing. */
    record DraftSubtask(String name, String operation, List<String> participants, List<String> dependsOn,
            Map<String, String> parameters, Map<String, ParameterSpec> creatorParameters, Integer timeoutSeconds,
            Boolean collaborative) {
    }
}
