package dev.weft.gateway.scheduler;

import dev.weft.gateway.store.DeadLetter;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anti-entropy (issue 8): on a cadence, compares the organisation's pending work
 * on chain (the pending index) with the task list and takes up what is ready for
 * it but held nowhere: not in the task list or the result list, not being run,
 * not set aside in the dead-letter list. So a lost event or a wrongly dropped
 * entry heals within two rounds. A subtask is taken only when it was missing in
 * two rounds in a row, so that work whose event is on its way, or whose result was
 * just committed, is not taken twice. What it takes is logged and counted; in a
 * healthy run it is zero.
 */
final class AntiEntropy {
    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropy.class);

    private final String mspId;
    private final ChainView chain;
    private final GatewayStore store;
    /** Missing in the last round, by key. */
    private Map<TaskKey, ReadySubtask> suspects = Map.of();

    AntiEntropy(String mspId, ChainView chain, GatewayStore store) {
        this.mspId = mspId;
        this.chain = chain;
        this.store = store;
    }

    /** One round: the entries newly put into the task list ({@code busy}: keys being run right now). */
    List<TaskEntry> round(Predicate<TaskKey> busy) {
        long height = chain.height();
        List<ReadySubtask> pending = chain.pending(mspId);
        Set<TaskKey> held = new HashSet<>();
        store.taskList().forEach(e -> held.add(e.key()));
        store.resultList().forEach(r -> held.add(r.key()));
        held.addAll(setAside());
        Map<TaskKey, ReadySubtask> missing = new HashMap<>();
        List<TaskEntry> take = new ArrayList<>();
        for (ReadySubtask s : pending) {
            TaskKey key = TaskEntries.key(s);
            if (held.contains(key) || busy.test(key)) {
                continue;
            }
            missing.put(key, s);
            if (suspects.containsKey(key)) {
                take.add(TaskEntries.taken(s, Math.max(0, height - 1)));
            }
        }
        suspects = missing;
        List<TaskEntry> inserted = take.isEmpty() ? List.of() : store.recordTasks(take, null);
        if (!inserted.isEmpty()) {
            LOG.warn("anti-entropy: took up {} subtask(s) ready on chain that the task list did not hold: {}",
                    inserted.size(), inserted.stream().map(TaskEntry::key).toList());
        }
        return inserted;
    }

    /** Subtasks of this organisation in the dead-letter list: an operator decides about those. */
    private Set<TaskKey> setAside() {
        Set<TaskKey> keys = new HashSet<>();
        for (DeadLetter letter : store.deadLetters()) {
            if (!ReadyWork.TASK_EVENT.equals(letter.eventName())) {
                continue;
            }
            try {
                ReadyWork.forParticipant(ReadyWork.parse(letter.payload()), mspId)
                        .forEach(s -> keys.add(TaskEntries.key(s)));
            } catch (IllegalArgumentException unreadable) {
                LOG.debug("dead letter {} is not a readable task event", letter.id());
            }
        }
        return keys;
    }
}
