package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.util.List;
import java.util.Set;

/**
 * Merges upstream results into one, so that a task can aggregate each
 * organisation's local data in its own subtask and combine them in the next.
 * <ul>
 *   <li>{@code combine}: every {@code result:…} input is an aggregate result
 *       ({@link Aggregation}); they are merged into the aggregate result of the
 *       operation in parameter {@code operation}, by default the upstream one
 *       (which must then be the same for all). {@code combine} of three per-org
 *       {@code mean} results is the mean over all their numbers.
 *   <li>{@code merge}: a JSON object with one member per {@code result:…}
 *       input, named by the input and holding its (JSON) value.
 * </ul>
 */
final class CombineUnit implements ComputeUnit {

    @Override
    public String name() {
        return "combine";
    }

    @Override
    public Set<String> operations() {
        return Set.of("combine", "merge");
    }

    @Override
    public byte[] execute(UnitRequest request) throws Exception {
        List<UnitRequest.NamedInput> upstream = request.results();
        if (upstream.isEmpty()) {
            throw new UnitException("operation '%s' needs upstream results (inputs named result:…)",
                    request.operation());
        }
        return request.operation().equals("merge") ? merge(upstream) : combine(request, upstream);
    }

    private static byte[] combine(UnitRequest request, List<UnitRequest.NamedInput> upstream) throws UnitException {
        String operation = request.parameter("operation").orElse(null);
        Aggregation total = null;
        for (UnitRequest.NamedInput input : upstream) {
            String where = "input " + input.name();
            JsonNode node = EngineJson.parse(input.value(), where);
            String declared = node.path("operation").asText("");
            if (operation == null) {
                operation = declared;
            }
            if (!Aggregation.OPERATIONS.contains(operation)) {
                throw new UnitException("%s: cannot combine operation '%s'; expected one of %s",
                        where, operation, Aggregation.OPERATIONS);
            }
            if (request.parameter("operation").isEmpty() && !declared.equals(operation)) {
                throw new UnitException("upstream results mix operations '%s' and '%s'; give parameter 'operation'",
                        operation, declared);
            }
            Aggregation part = Aggregation.fromJson(node, operation, where);
            total = total == null ? part : total.merge(part);
        }
        return EngineJson.canonical(total.toJson(operation));
    }

    private static byte[] merge(List<UnitRequest.NamedInput> upstream) throws UnitException {
        ObjectNode merged = EngineJson.NODES.objectNode();
        for (UnitRequest.NamedInput input : upstream) {
            merged.set(input.name(), EngineJson.parse(input.value(), "input " + input.name()));
        }
        return EngineJson.canonical(merged);
    }
}
