package dev.weft.gateway.store;

/**
 * The first-send / resend flag of a task-list entry (S0.8): an entry is
 * {@link #FIRST_SEND} when taken from the chain and becomes {@link #RESEND} once
 * getting its result has failed, so the unit that receives it next checks
 * whether it is already running it before running it again.
 */
public enum SendMode {
    FIRST_SEND,
    RESEND
}
