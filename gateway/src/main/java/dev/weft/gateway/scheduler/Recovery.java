package dev.weft.gateway.scheduler;

import dev.weft.gateway.chain.ChainClient;
import dev.weft.gateway.chain.ChainException;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.SendMode;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.proto.task.v1.ReadySubtask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway owes after a (re)start. S0.1: the task list holds every
 * subtask it took and has not seen committed. S0.2: each is checked against the
 * chain; only subtasks still open at that attempt, without this organisation's
 * result, are kept. S0.11: a kept entry whose result is in the result list is
 * only resubmitted (the runner does that). Every kept entry
 * gets the resend flag (S0.8), so an engine still running it is attached to
 * rather than run again. S0.3: subtasks that became ready for this organisation
 * while it was down are listed from the chain's pending index as well.
 * Issue 8: an entry is dropped only on a view of the chain past the block it was
 * taken from; when the peer that answers is not there yet, the entry is kept.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final String mspId;
    private final ChainView view;
    private final Refusals refusals;
    private final GatewayStore store;
    /** Ready on chain and not in the task list when {@link #historical()} read the index; null when unread. */
    private List<ReadySubtask> notListed;
    /** The height at which the pending index was read: its entries are committed below it. */
    private long indexHeight;

    Recovery(String mspId, ChainClient chain, GatewayStore store) {
        this.mspId = mspId;
        this.view = ChainView.of(chain);
        this.refusals = new Refusals(mspId, view);
        this.store = store;
    }

    /**
     * Historical work: the task list, with what the chain says is finished dropped.
     * The chain's pending index is read once here (a few paged reads, not one per
     * entry, so a gateway owing a thousand subtasks starts draining them at once);
     * what it lists beyond the task list is kept for {@link #pendingOnChain()}.
     */
    List<TaskEntry> historical() {
        return historical(store.taskList());
    }

    /** As {@link #historical()} for the task list {@code listed}, read before the event stream started. */
    List<TaskEntry> historical(List<TaskEntry> listed) {
        List<TaskEntry> keep = new ArrayList<>();
        int dropped = 0;
        Set<TaskKey> open = null;
        long height = 0;
        try {
            height = view.height();
            List<ReadySubtask> pending = view.pending(mspId);
            indexHeight = height;
            open = new HashSet<>();
            for (ReadySubtask s : pending) {
                open.add(TaskEntries.key(s));
            }
            Set<TaskKey> inList = new HashSet<>();
            listed.forEach(e -> inList.add(e.key()));
            notListed = pending.stream().filter(s -> !inList.contains(TaskEntries.key(s))).toList();
        } catch (ChainException e) {
            LOG.warn("recovery: cannot read the pending index ({}); checking each subtask", e.getMessage());
        }
        for (TaskEntry entry : listed) {
            if (stillOwed(entry, open, height)) {
                // Whether or not it reached an engine before the stop, getting its result
                // failed: resend, so an engine that has it attaches instead of running again.
                if (entry.sendMode() == SendMode.FIRST_SEND) {
                    store.markResend(entry.key());
                }
                keep.add(store.task(entry.key()).orElse(entry));
            } else {
                store.complete(entry.key());
                dropped++;
            }
        }
        LOG.info("recovery: {} subtask(s) still owed, {} already finished on chain", keep.size(), dropped);
        return keep;
    }

    /**
     * Owed unless a view past its block says otherwise: the pending index (read at
     * {@code height}) when there is one, else the subtask's own state.
     */
    private boolean stillOwed(TaskEntry entry, Set<TaskKey> open, long height) {
        if (open != null) {
            return open.contains(entry.key()) || entry.blockNumber() >= height;
        }
        return refusals.ownView(entry.key(), entry.blockNumber()).kind() != Refusals.Kind.SETTLED;
    }

    /**
     * Current work the task list does not have: ready subtasks for this organisation
     * on chain, as {@link #historical()} read them (read here when it could not).
     */
    List<TaskEntry> pendingOnChain() {
        return pendingOnChain(key -> false);
    }

    /**
     * As {@link #pendingOnChain()}, leaving out the subtasks {@code claim} refuses: those the
     * event stream, started before the recovery, has taken already (so one is never taken by both).
     */
    List<TaskEntry> pendingOnChain(java.util.function.Predicate<TaskKey> claim) {
        List<ReadySubtask> candidates = notListed;
        notListed = null;
        if (candidates == null) {
            Set<TaskKey> inList = new HashSet<>();
            store.taskList().forEach(e -> inList.add(e.key()));
            indexHeight = view.height();
            candidates = view.pending(mspId).stream()
                    .filter(s -> !inList.contains(TaskEntries.key(s))).toList();
        }
        List<TaskEntry> taken = new ArrayList<>();
        for (ReadySubtask s : candidates) {
            if (store.result(TaskEntries.key(s)).isEmpty() && claim.test(TaskEntries.key(s))) {
                taken.add(TaskEntries.taken(s, Math.max(0, indexHeight - 1)));
            }
        }
        List<TaskEntry> inserted = store.recordTasks(taken, null);
        if (!inserted.isEmpty()) {
            LOG.info("recovery: {} subtask(s) became ready while this gateway was away", inserted.size());
        }
        return inserted;
    }
}
