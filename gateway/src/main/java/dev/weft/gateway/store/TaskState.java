package dev.weft.gateway.store;

/** Where a task-list entry is in its life before its result reaches the chain. */
public enum TaskState {
    /** Taken from the chain (or sent back for a resend); not with any unit now. */
    TAKEN,
    /** Sent to an engine's unit; the entry names which. */
    DISPATCHED
}
