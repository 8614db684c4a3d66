package dev.weft.gateway.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Operation {@code sha256}: the SHA-256 digest of the data given either as
 * parameter {@code data} (decoded per parameter {@code encoding}: {@code utf8},
 * the default, {@code hex} or {@code base64}), or else as the upstream results'
 * bytes concatenated in input-name order. Result:
 * {@code {"algorithm":"SHA-256","digest":"<hex>","length":<bytes hashed>}}.
 */
final class Sha256Unit implements ComputeUnit {

    @Override
    public String name() {
        return "sha256";
    }

    @Override
    public Set<String> operations() {
        return Set.of("sha256");
    }

    @Override
    public byte[] execute(UnitRequest request) throws UnitException {
        byte[] data = data(request);
        ObjectNode result = EngineJson.NODES.objectNode();
        result.put("algorithm", "SHA-256");
        result.put("digest", Digests.sha256Hex(data));
        result.put("length", data.length);
        return EngineJson.canonical(result);
    }

    private static byte[] data(UnitRequest request) throws UnitException {
        if (request.parameter("data").isPresent()) {
            String data = request.parameter("data").get();
            String encoding = request.parameter("encoding").orElse("utf8");
            try {
                return switch (encoding) {
                    case "utf8" -> data.getBytes(StandardCharsets.UTF_8);
                    case "hex" -> HexFormat.of().parseHex(data.trim());
                    case "base64" -> Base64.getDecoder().decode(data.trim());
                    default -> throw new UnitException("encoding '%s' is not utf8, hex or base64", encoding);
                };
            } catch (IllegalArgumentException e) {
                throw new UnitException("parameter 'data' is not valid %s: %s", encoding, e.getMessage());
            }
        }
        List<UnitRequest.NamedInput> upstream = request.results();
        if (upstream.isEmpty()) {
            throw new UnitException("operation 'sha256' needs parameter 'data' or upstream results");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        upstream.forEach(input -> all.writeBytes(input.value()));
        return all.toByteArray();
    }
}
