package dev.weft.gateway.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.task.TaskLedger;
import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.List;

/** The chain's pending index: every READY subtask still waiting for an organisation's result, every page. */
final class PendingIndex {
    private static final int PAGE_SIZE = 200;

    private PendingIndex() {
    }

    static List<ReadySubtask> read(ChainClient chain, String mspId) {
        List<ReadySubtask> pending = new ArrayList<>();
        for (JsonNode item : new TaskLedger(chain).pending(mspId, PAGE_SIZE, "", true).items()) {
            pending.add(ReadyWork.parseSubtask(item.toString()));
        }
        return pending;
    }
}
