package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import dev.weft.proto.engine.v1.ManifestEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain's side of a collaborative subtask (S1.10) as the scheduler needs it: the
 * exchange endpoints the organisations published ({@code exchange:GetEndpoints}), and an
 * engine's manifest in the JSON {@code task:SubmitCollaborativeResult} takes.
 */
final class Manifests {
    private Manifests() {
    }

    /** MSP ID to {@code host:port} of every organisation that published an exchange endpoint. */
    static Map<String, String> endpoints(ChainClient chain) {
        JsonNode items = Json.PLAIN.read(chain.evaluateText("exchange:GetEndpoints"), "exchange:GetEndpoints")
                .path("items");
        Map<String, String> out = new TreeMap<>();
        items.forEach(i -> out.put(i.path("mspId").asText(), i.path("address").asText()));
        return out;
    }

    /** {@code [{"digest","direction","name","peer","size"}…]} in the engine's (canonical) order. */
    static String json(List<ManifestEntry> manifest) {
        ArrayNode out = Json.PLAIN.array();
        for (ManifestEntry m : manifest) {
            out.addObject().put("digest", m.getDigest()).put("direction", m.getDirection()).put("name", m.getName())
                    .put("peer", m.getPeer()).put("size", m.getSize());
        }
        return Json.PLAIN.write(out);
    }
}
