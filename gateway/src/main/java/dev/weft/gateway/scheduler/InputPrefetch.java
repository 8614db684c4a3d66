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
 * upstream subtask's results on chain.
 */
final class InputPrefetch {
    private final ChainView chain;

    InputPrefetch(ChainView chain) {
        this.chain = chain;
    }

    List<Input> inputs(ReadySubtask subtask) {
        List<Input> out = new ArrayList<>();
        for (InputRef ref : subtask.getInputsList()) {
            String value = ref.getValue();
            if (value.isEmpty() && ref.getName().startsWith("result:")) {
                value = fetchUpstream(subtask.getTaskId(), ref);
            }
            out.add(Input.newBuilder().setName(ref.getName()).setDigest(ref.getDigest())
                    .setValue(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build());
        }
        return out;
    }

    private String fetchUpstream(String taskId, InputRef ref) {
        String[] parts = ref.getName().substring("result:".length()).split("/", 2);
        Optional<ChainView.SubtaskState> upstream = chain.subtask(taskId, parts[0]);
        for (ChainView.Returned r : upstream.map(ChainView.SubtaskState::results).orElse(List.of())) {
            if (r.mspId().equals(parts[1]) && r.digest().equals(ref.getDigest())) {
                if (r.value() != null) {
                    return r.value();
                }
                throw new NotInline(ref);
            }
        }
        // Not (yet) visible at the peer that answered: it may be behind; the run is retried.
        throw new IllegalStateException("input " + ref.getName() + " (" + ref.getDigest() + ") is not on chain yet");
    }

    /**
     * The upstream result is on chain by digest only: it was too large (or not text)
     * to travel inline, and no off-chain exchange exists yet, so no retry can get it.
     */
    static final class NotInline extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The code the dependent subtask's failure report starts with. */
        static final String CODE = "INPUT_TOO_LARGE";

        NotInline(InputRef ref) {
            super(CODE + ": input " + ref.getName() + " (" + ref.getDigest() + ") is on chain by digest only;"
                    + " results over " + SubtaskRunner.MAX_INLINE + " bytes or not UTF-8 text do not travel inline");
        }
    }
}
