package dev.weft.engine.api;

import java.net.URI;
import java.time.Duration;

/**
 * The standard engine's endpoint for results a heterogeneous engine pushes back
 * (S1.9 push). A unit that hands work to an engine asks for one expected callback
 * per execution and passes its URL and token to the engine; the endpoint (HTTPS)
 * accepts exactly one request to that URL bearing that token, within
 * {@code validFor}, and refuses late, duplicate or forged ones.
 *
 * <pre>{@code
 * Callbacks.Expected expected = callbacks.expect(request, Duration.ofMinutes(5), body -> completion.succeed(body));
 * completion.onCancel(expected::close);
 * engineCall.header("X-Weft-Callback", expected.url().toString()).header("X-Weft-Token", expected.token());
 * }</pre>
 */
public interface Callbacks {

    /**
     * Registers the single callback of one execution, bound to its (task,
     * subtask, attempt). {@code onBody} gets the pushed body once, on an endpoint
     * thread: it must not block; it returns whether the body was taken (a body the
     * unit cannot read is refused and the token stays valid).
     */
    Expected expect(UnitRequest request, Duration validFor, Receiver onBody);

    /** What a pushed body is handed to. */
    @FunctionalInterface
    interface Receiver {
        boolean receive(byte[] body);
    }

    /** One expected callback. {@link #close()} withdraws it: a later callback is refused. */
    interface Expected extends AutoCloseable {
        URI url();

        /** The single-use secret the engine presents; never log it. */
        String token();

        /** Whether the callback came and was taken. */
        boolean delivered();

        @Override
        void close();
    }
}
