package dev.weft.engine.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link ComputeUnit} receives: the operation, the task's parameters and
 * the inputs the gateway prefetched (S1.8): parameters, upstream results and
 * the chain state the definition names, so that no unit needs the chain.
 *
 * <p>Parameters are the request's {@code parameters} map, completed by every
 * input named {@code param:<name>} (UTF-8) whose name the map lacks. Inputs are
 * sorted by name, so that two organisations that receive the same inputs in a
 * different order compute the same bytes.
 *
 * <pre>{@code
 * String query = request.requireParameter("query");
 * for (UnitRequest.NamedInput upstream : request.results()) { ... upstream.value() ... }
 * }</pre>
 */
public record UnitRequest(String taskId, String subtaskId, int attempt, String operation,
        Map<String, String> parameters, List<NamedInput> inputs, String executorMspId) {

    /** Prefix of inputs that carry a task parameter. */
    public static final String PARAM_PREFIX = "param:";
    /** Prefix of inputs that carry an upstream result, {@code result:<subtask>/<msp>}. */
    public static final String RESULT_PREFIX = "result:";
    /** Prefix of inputs that carry chain state the definition names, {@code state:<chaincode>/<key>} (S1.8). */
    public static final String STATE_PREFIX = "state:";

    /** One prefetched input. */
    public record NamedInput(String name, byte[] value) {
        public NamedInput {
            Objects.requireNonNull(name, "name");
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    public UnitRequest {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(subtaskId, "subtaskId");
        Objects.requireNonNull(operation, "operation");
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        inputs = List.copyOf(inputs);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public String requireParameter(String name) throws UnitException {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            throw new UnitException("operation '%s' needs parameter '%s'", operation, name);
        }
        return value;
    }

    /** The upstream results ({@code result:…} inputs), sorted by name. */
    public List<NamedInput> results() {
        return inputs.stream().filter(i -> i.name().startsWith(RESULT_PREFIX)).toList();
    }

    /** The prefetched chain state ({@code state:…} inputs), sorted by name. */
    public List<NamedInput> chainState() {
        return inputs.stream().filter(i -> i.name().startsWith(STATE_PREFIX)).toList();
    }

    /** The execution this request starts, as {@code task/subtask#attempt}. */
    public String executionId() {
        return taskId + "/" + subtaskId + "#" + attempt;
    }
}
