package dev.weft.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Consent before work (issue 9 item 1) the way the ITs need it: register a
 * definition, then have every participant organisation that has not approved it
 * yet approve its digest with its own admin.
 *
 * <pre>{@code
 * Consent.defineActive(org1Admin, definitionJson);
 * }</pre>
 */
final class Consent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Consent() {
    }

    /** Registers {@code definitionJson} as {@code admin}, approves it for every other participant; returns it. */
    static JsonNode defineActive(ChainClient admin, String definitionJson) {
        JsonNode stored = read(admin.submit("task:RegisterDefinition", definitionJson).result());
        return approveAll(admin, stored.path("id").asText());
    }

    /** Has the admin of every participant still awaited approve the current digest; returns the definition. */
    static JsonNode approveAll(ChainClient reader, String id) {
        JsonNode d = read(reader.evaluate("task:GetDefinition", id));
        for (JsonNode msp : d.path("awaiting")) {
            String org = msp.asText().replace("MSP", "").toLowerCase(Locale.ROOT);
            try (ChainClient admin = RealNetwork.client(org, "Admin")) {
                admin.submit("task:ApproveDefinition", id, d.path("digest").asText());
            }
        }
        JsonNode after = read(reader.evaluate("task:GetDefinition", id));
        if (!after.path("active").asBoolean()) {
            throw new AssertionError("definition " + id + " is not active after every approval: " + after);
        }
        return after;
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
