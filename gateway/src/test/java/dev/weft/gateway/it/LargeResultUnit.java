package dev.weft.gateway.it;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A test unit (S1.10 ITs), operation {@code it.large-result}: a text result of {@code lines}
 * numbered lines, far over the 16 KiB that ride inline on chain, the same on every run.
 */
final class LargeResultUnit implements ComputeUnit {
    static final String OPERATION = "it.large-result";

    @Override
    public String name() {
        return "it-large-result";
    }

    @Override
    public Set<String> operations() {
        return Set.of(OPERATION);
    }

    static byte[] value(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append(" of a result that travels by digest\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] execute(UnitRequest request) {
        return value(Integer.parseInt(request.parameter("lines").orElse("10000")));
    }
}
