package dev.weft.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
    private static final List<String> ORGS = List.of("org1", "org2", "org3");

    private Consent() {
    }

    /** Registers {@code definitionJson} as {@code admin}, approves it for every other participant; returns it. */
    static JsonNode defineActive(ChainClient admin, String definitionJson) {
        JsonNode stored = read(admin.submit("task:RegisterDefinition", definitionJson).result());
        return approveAll(admin, stored.path("id").asText());
    }

    /**
     * Has the admin of every participant still awaited approve the current digest;
     * returns the definition once every organisation's peer shows it active.
     */
    static JsonNode approveAll(ChainClient reader, String id) {
        JsonNode d = read(reader.evaluate("task:GetDefinition", id));
        String last = null;
        for (JsonNode msp : d.path("awaiting")) {
            last = org(msp.asText());
            try (ChainClient admin = RealNetwork.client(last, "Admin")) {
                admin.submit("task:ApproveDefinition", id, d.path("digest").asText());
            }
        }
        JsonNode after = last == null ? d : settled(id, last);
        if (!after.path("active").asBoolean()) {
            throw new AssertionError("definition " + id + " is not active after every approval: " + after);
        }
        return after;
    }

    /**
     * The definition as {@code org}'s peer shows it, once every organisation's peer
     * shows the same revision, digest and approvals. A submit returns when the
     * submitter's own peer committed it; another organisation's peer may still be a
     * block behind, and the next step (a task created, a listing) may run there.
     */
    static JsonNode settled(String id, String org) {
        JsonNode truth;
        try (ChainClient c = RealNetwork.client(org, "User1")) {
            truth = read(c.evaluate("task:GetDefinition", id));
        }
        for (String other : ORGS) {
            try (ChainClient c = RealNetwork.client(other, "User1")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                JsonNode seen = read(c.evaluate("task:GetDefinition", id));
                while (!sameConsent(seen, truth) && System.nanoTime() < deadline) {
                    pause();
                    seen = read(c.evaluate("task:GetDefinition", id));
                }
                if (!sameConsent(seen, truth)) {
                    throw new AssertionError(other + "'s peer still shows " + seen + " 30 s after " + org
                            + "'s peer showed " + truth);
                }
            }
        }
        return truth;
    }

    private static boolean sameConsent(JsonNode a, JsonNode b) {
        return a.path("digest").equals(b.path("digest")) && a.path("awaiting").equals(b.path("awaiting"))
                && a.path("active").equals(b.path("active"));
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String org(String msp) {
        return msp.replace("MSP", "").toLowerCase(Locale.ROOT);
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
