package dev.weft.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code weft.cluster} chaincode event as members, the CLI and benchmarks read it. */
public final class ClusterEvent {
    public static final String NAME = "weft.cluster";

    private ClusterEvent() {
    }

    /** One line of text for an event payload. */
    public static String describe(JsonNode e) {
        String kind = e.path("kind").asText();
        String msp = e.path("mspId").asText();
        JsonNode m = e.path("master");
        String block = e.has("blockNumber") ? "[block " + e.path("blockNumber").asLong() + "] " : "";
        return block + msp + " " + switch (kind) {
            case "REGISTERED", "UPDATED" -> kind + ": master " + m.path("memberId").asText() + " at epoch "
                    + m.path("epoch").asLong() + (e.hasNonNull("previousMemberId")
                            ? " (was " + e.path("previousMemberId").asText() + ")" : "");
            case "FORCED_SWITCH", "SWITCHED" -> kind + ": " + e.path("previousMemberId").asText()
                    + " not electable, epoch " + m.path("epoch").asLong() + " has no master until the slave registers";
            case "CONSENSUS_ERROR" -> kind + ": reported by " + e.path("report").path("reporterMsp").asText()
                    + " for " + e.path("report").path("taskId").asText() + "/"
                    + e.path("report").path("subtaskId").asText() + " (" + e.path("errorCount").asInt()
                    + " against the master)";
            case "ENROLLED", "RESTORED" -> kind + ": member " + e.path("member").path("memberId").asText()
                    + (e.path("member").path("electable").asBoolean() ? " (electable)" : " (not electable)");
            case "KEEPALIVE" -> kind + ": " + e.path("keepalive").path("memberId").asText() + " at epoch "
                    + e.path("keepalive").path("epoch").asLong();
            default -> kind;
        };
    }
}
