package dev.weft.gateway.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.json.Json;

/** Reads which proposal a governance chaincode event is about. */
final class ProposalEvents {
    private ProposalEvents() {
    }

    /** The proposal ID a {@code weft.gov.*} event names, or null for any other event or an unreadable one. */
    static String proposalId(String eventName, byte[] payload) {
        if (eventName == null || !eventName.startsWith("weft.gov.")) {
            return null;
        }
        try {
            JsonNode json = Json.CONTRACT.read(payload, eventName);
            return switch (eventName) {
                case Governance.VOTED -> json.path("proposalId").asText(null);
                case Governance.VOTE_REQUESTED, Governance.DECIDED, Governance.CANCELLED ->
                        json.path("proposal").path("id").asText(null);
                case Governance.EXECUTED -> json.path("grant").path("proposalId").asText(null);
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
