package dev.weft.engine.api;

/**
 * A unit that runs its part of a collaborative subtask (S1.10): the participants'
 * engines take part in one computation and exchange data during it through the
 * {@link Exchange} the standard engine hands in. Every participant returns the same
 * final bytes, so a participant that computed something else is still detected.
 *
 * <p>A request for one of its operations that is not collaborative (a definition
 * that did not mark the subtask so) fails with a {@link UnitException}.
 */
public interface CollaborativeUnit extends ComputeUnit {

    /** Runs this organisation's part; called on a worker thread, may block on {@link Exchange#receive}. */
    byte[] collaborate(UnitRequest request, Exchange exchange) throws Exception;

    @Override
    default byte[] execute(UnitRequest request) throws Exception {
        throw new UnitException("operation '%s' is collaborative: its subtask must be marked collaborative, "
                + "with at least two participants", request.operation());
    }
}
