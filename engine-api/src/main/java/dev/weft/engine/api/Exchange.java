package dev.weft.engine.api;

import java.time.Duration;
import java.util.List;

/**
 * A collaborative unit's link to the other participants of its subtask (S1.10),
 * for one attempt. Items are addressed by (sender, receiver, name) within the
 * attempt; the standard engine delivers them to the receiver's standard engine over
 * mutual TLS, checks each by SHA-256 on receipt, keeps trying while the receiver is
 * away, and records every item sent and received in the manifest the result is
 * submitted with. No payload byte goes on chain.
 *
 * <pre>{@code
 * for (String peer : exchange.others()) {
 *     exchange.send(peer, "share", shareFor(peer));
 * }
 * long sum = own;
 * for (String peer : exchange.others()) {
 *     sum += parse(exchange.receive(peer, "share", Duration.ofMinutes(5)));
 * }
 * }</pre>
 *
 * <p>Units must stay deterministic: an attempt that runs again (a resend after a crash)
 * must send the same bytes under the same names, or the receiver refuses the second
 * version.
 */
public interface Exchange {

    /** This organisation's MSP ID. */
    String self();

    /** Every participant of the subtask, sorted, {@link #self()} included. */
    List<String> participants();

    /** The participants other than {@link #self()}, sorted. */
    default List<String> others() {
        return participants().stream().filter(p -> !p.equals(self())).toList();
    }

    /**
     * Hands {@code payload} to the exchange for {@code to}; returns once it is queued
     * (delivery continues in the background until the receiver acknowledges it or the
     * execution ends).
     *
     * @throws UnitException when {@code to} is not another participant or {@code name} is malformed
     */
    void send(String to, String name, byte[] payload) throws UnitException;

    /**
     * Waits for the item {@code from} sends under {@code name} and returns its payload,
     * checked against its digest.
     *
     * @throws UnitFault when it has not arrived within {@code timeout} (the unit's attempt fails
     *     as a unit fault and is sent again)
     */
    byte[] receive(String from, String name, Duration timeout) throws UnitException, UnitFault, InterruptedException;
}
