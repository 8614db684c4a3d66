package dev.weft.gateway.engine;

import dev.weft.engine.api.UnitRequest;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.Input;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A unit's view of a protocol request. */
final class UnitRequests {
    private UnitRequests() {
    }

    static UnitRequest of(ExecuteRequest request) {
        Map<String, String> parameters = new TreeMap<>(request.getParametersMap());
        List<UnitRequest.NamedInput> inputs = new ArrayList<>();
        for (Input input : request.getInputsList()) {
            byte[] value = input.getValue().toByteArray();
            inputs.add(new UnitRequest.NamedInput(input.getName(), value));
            if (input.getName().startsWith(UnitRequest.PARAM_PREFIX)) {
                parameters.putIfAbsent(input.getName().substring(UnitRequest.PARAM_PREFIX.length()),
                        new String(value, StandardCharsets.UTF_8));
            }
        }
        inputs.sort(Comparator.comparing(UnitRequest.NamedInput::name));
        return new UnitRequest(request.getTaskId(), request.getSubtaskId(), request.getAttempt(),
                request.getOperation(), parameters, inputs, request.getExecutorMspId());
    }
}
