package dev.weft.gateway.engine;

import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.Input;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link ComputeUnit} receives: the operation, the task's parameters and
 * the inputs the gateway prefetched (S1.8).
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
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        inputs = List.copyOf(inputs);
    }

    /** The unit's view of a protocol request. */
    static UnitRequest of(ExecuteRequest request) {
        Map<String, String> parameters = new TreeMap<>(request.getParametersMap());
        List<NamedInput> inputs = new ArrayList<>();
        for (Input input : request.getInputsList()) {
            byte[] value = input.getValue().toByteArray();
            inputs.add(new NamedInput(input.getName(), value));
            if (input.getName().startsWith(PARAM_PREFIX)) {
                parameters.putIfAbsent(input.getName().substring(PARAM_PREFIX.length()),
                        new String(value, StandardCharsets.UTF_8));
            }
        }
        inputs.sort(Comparator.comparing(NamedInput::name));
        return new UnitRequest(request.getTaskId(), request.getSubtaskId(), request.getAttempt(),
                request.getOperation(), parameters, inputs, request.getExecutorMspId());
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
}
