package dev.weft.gateway.store;

import dev.weft.proto.task.v1.ReadySubtask;
import java.time.Instant;
import org.hyperledger.fabric.client.ChaincodeEvent;

/** Entries, results and chaincode events for store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** A chaincode event as the peer delivers it. */
    record Event(long blockNumber, String transactionId, String eventName, byte[] payload) implements ChaincodeEvent {
        @Override
        public long getBlockNumber() {
            return blockNumber;
        }

        @Override
        public String getTransactionId() {
            return transactionId;
        }

        @Override
        public String getChaincodeName() {
            return "weft";
        }

        @Override
        public String getEventName() {
            return eventName;
        }

        @Override
        public byte[] getPayload() {
            return payload.clone();
        }
    }

    static ChaincodeEvent event(long block, String txId) {
        return new Event(block, txId, "SubtasksReady", ("{\"tx\":\"" + txId + "\"}").getBytes());
    }

    static TaskKey key(String taskId) {
        return new TaskKey(taskId, "s1", 0);
    }

    static TaskEntry entry(String taskId, long block) {
        return entry(key(taskId), block, T0);
    }

    static TaskEntry entry(TaskKey key, long block, Instant createdAt) {
        ReadySubtask subtask = ReadySubtask.newBuilder().setTaskId(key.taskId()).setSubtaskId(key.subtaskId())
                .setAttempt(key.attempt()).setOperation("sum").putParameters("scale", "2")
                .addParticipants("Org1MSP").addParticipants("Org2MSP").build();
        return TaskEntry.taken(key, subtask.toByteString(), block, createdAt);
    }

    static ResultEntry result(TaskKey key, byte[] value, Instant createdAt) {
        return new ResultEntry(key, "sha256:" + key.taskId(), value, "unit-a", createdAt);
    }
}
