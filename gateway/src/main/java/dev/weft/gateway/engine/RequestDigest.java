package dev.weft.gateway.engine;

import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.Input;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest of what an execution computes: operation, parameters (by name) and
 * inputs (by name, with their bytes). A send that names an existing execution
 * (S0.8) attaches to it only with the same digest (issue 9 item 4), so that a
 * caller cannot collect another request's result by reusing its key.
 */
final class RequestDigest {
    private RequestDigest() {
    }

    static String of(ExecuteRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            field(out, request.getOperation().getBytes(StandardCharsets.UTF_8));
            Map<String, String> parameters = new TreeMap<>(request.getParametersMap());
            out.writeInt(parameters.size());
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                field(out, p.getKey().getBytes(StandardCharsets.UTF_8));
                field(out, p.getValue().getBytes(StandardCharsets.UTF_8));
            }
            List<Input> inputs = request.getInputsList().stream().sorted(Comparator.comparing(Input::getName)).toList();
            out.writeInt(inputs.size());
            for (Input input : inputs) {
                field(out, input.getName().getBytes(StandardCharsets.UTF_8));
                field(out, input.getValue().toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen in memory", e);
        }
        return Digests.sha256Hex(bytes.toByteArray());
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }
}
