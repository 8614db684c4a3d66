package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.json.Json;
import dev.weft.proto.task.v1.ReadySubtask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The chain's pending index: every READY subtask still waiting for an organisation's result, paged. */
final class PendingIndex {
    private static final ObjectMapper JSON = Json.PLAIN.mapper();
    private static final String PAGE_SIZE = "200";

    private PendingIndex() {
    }

    static List<ReadySubtask> read(ChainClient chain, String mspId) {
        List<ReadySubtask> pending = new ArrayList<>();
        String bookmark = "";
        do {
            JsonNode page;
            try {
                page = JSON.readTree(chain.evaluate("task:PendingSubtasks", mspId, PAGE_SIZE, bookmark));
            } catch (IOException e) {
                throw new IllegalStateException("unreadable page of the pending index", e);
            }
            for (JsonNode item : page.path("items")) {
                pending.add(ReadyWork.parseSubtask(item.toString()));
            }
            bookmark = page.path("bookmark").asText("");
        } while (!bookmark.isEmpty());
        return pending;
    }
}
