package dev.weft.gateway.scheduler;

import com.google.protobuf.ByteString;
import dev.weft.proto.engine.v1.Input;
import dev.weft.proto.task.v1.InputRef;
import dev.weft.proto.task.v1.ReadySubtask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S1.8 input prefetch: everything a subtask depends on (task parameters,
 * upstream results) is gathered by the gateway from the chain and put into the
 * engine request, so no engine needs access to the chain. Values the event
 * already carries are used as they are; a missing inline value is read from the
 * upstream subtask's results on chain, and a result on chain by digest only is
 * fetched by the engine from its producer's exchange port (S1.10).
 */
final class InputPrefetch {
    private final ChainView chain;

    InputPrefetch(ChainView chain) {
        this.chain = chain;
    }

    List<Input> inputs(ReadySubtask subtask) {
        List<Input> out = new ArrayList<>();
        for (InputRef ref : subtask.getInputsList()) {
            Input.Builder input = Input.newBuilder().setName(ref.getName()).setDigest(ref.getDigest());
            if (ref.getValue().isEmpty() && ref.getName().startsWith("result:")) {
                fetchUpstream(subtask.getTaskId(), ref, input);
            } else {
                input.setValue(ByteString.copyFrom(ref.getValue(), StandardCharsets.UTF_8));
            }
            out.add(input.build());
        }
        return out;
    }

    /**
     * Who may fetch this subtask's result by digest should it be too large to ride inline: the
     * participants of the subtasks that depend on it (S1.10), as the ready event lists them; from the
     * task on chain ({@code task:GetTask}) when a chaincode from before issue 16 did not list them.
     */
    java.util.Set<String> readers(ReadySubtask subtask) {
        if (subtask.getResultReadersListed()) {
            return java.util.Set.copyOf(subtask.getResultReadersList());
        }
        return chain.readers(subtask.getTaskId(), subtask.getSubtaskId());
    }

    /**
     * The upstream result's inline value from chain or, for one on chain by digest only, where the
     * engine fetches it: the producing organisation's exchange address (S1.10).
     */
    private void fetchUpstream(String taskId, InputRef ref, Input.Builder input) {
        String[] parts = ref.getName().substring("result:".length()).split("/", 2);
        Optional<ChainView.SubtaskState> upstream = chain.subtask(taskId, parts[0]);
        for (ChainView.Returned r : upstream.map(ChainView.SubtaskState::results).orElse(List.of())) {
            if (r.mspId().equals(parts[1]) && r.digest().equals(ref.getDigest())) {
                if (r.value() != null) {
                    input.setValue(ByteString.copyFrom(r.value(), StandardCharsets.UTF_8));
                    return;
                }
                String address = chain.exchangeEndpoints().get(r.mspId());
                if (address == null || address.isEmpty()) {
                    throw new NotInline(ref);
                }
                input.setFetchFrom(address).setProducerMspId(r.mspId()).setProducerAttempt(r.attempt());
                return;
            }
        }
        // Not (yet) visible at the peer that answered: it may be behind; the run is retried.
        throw new IllegalStateException("input " + ref.getName() + " (" + ref.getDigest() + ") is not on chain yet");
    }

    /**
     * The upstream result is on chain by digest only (too large, or not text, to travel
     * inline) and its producer publishes no exchange address to fetch it from.
     */
    static final class NotInline extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The code the dependent subtask's failure report starts with. */
        static final String CODE = "INPUT_TOO_LARGE";

        NotInline(InputRef ref) {
            super(CODE + ": input " + ref.getName() + " (" + ref.getDigest() + ") is on chain by digest only"
                    + " (results over " + SubtaskRunner.MAX_INLINE + " bytes or not UTF-8 text do not travel inline)"
                    + " and its producer publishes no exchange address to fetch it from");
        }
    }
}
