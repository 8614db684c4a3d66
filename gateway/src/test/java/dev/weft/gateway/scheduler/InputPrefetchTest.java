package dev.weft.gateway.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.proto.task.v1.InputRef;
import dev.weft.proto.task.v1.ReadySubtask;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InputPrefetchTest {
    private static final String DIGEST = "ab".repeat(32);
    private final FakeChainView chain = new FakeChainView().height(10);
    private final InputPrefetch prefetch = new InputPrefetch(chain);

    private static ReadySubtask needing(String upstream) {
        return ReadySubtask.newBuilder().setTaskId("t1").setSubtaskId("total").setAttempt(1).setOperation("combine")
                .addInputs(InputRef.newBuilder().setName("result:" + upstream + "/Org2MSP").setDigest(DIGEST))
                .build();
    }

    @Test
    void anUpstreamValueMissingFromTheEventIsReadFromTheChain() {
        chain.subtask("t1", "leaf", "COMPLETED", 1, new ChainView.Returned("Org2MSP", 1, DIGEST, "{\"sum\":6}"));
        assertThat(prefetch.inputs(needing("leaf")).get(0).getValue().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"sum\":6}");
    }

    @Test
    @DisplayName("issue 9 item 10: an upstream result on chain by digest only fails the subtask with INPUT_TOO_LARGE")
    void anUpstreamResultWithoutInlineValueIsFinal() {
        chain.subtask("t1", "leaf", "COMPLETED", 1, new ChainView.Returned("Org2MSP", 1, DIGEST, null));
        assertThatThrownBy(() -> prefetch.inputs(needing("leaf")))
                .isInstanceOf(InputPrefetch.NotInline.class)
                .hasMessageStartingWith("INPUT_TOO_LARGE: input result:leaf/Org2MSP");
    }

    @Test
    @DisplayName("issue 8: an upstream result the peer does not show yet is retried, not failed")
    void anUpstreamResultNotYetVisibleIsRetried() {
        chain.subtask("t1", "leaf", "READY", 1);
        assertThatThrownBy(() -> prefetch.inputs(needing("leaf")))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(InputPrefetch.NotInline.class);
    }
}
