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
    @DisplayName("issue 9 item 10: an upstream result on chain by digest only, its producer publishing no exchange "
            + "address, fails the subtask with INPUT_TOO_LARGE")
    void anUpstreamResultWithoutInlineValueIsFinal() {
        chain.subtask("t1", "leaf", "COMPLETED", 1, new ChainView.Returned("Org2MSP", 1, DIGEST, null));
        assertThatThrownBy(() -> prefetch.inputs(needing("leaf")))
                .isInstanceOf(InputPrefetch.NotInline.class)
                .hasMessageStartingWith("INPUT_TOO_LARGE: input result:leaf/Org2MSP");
    }

    @Test
    @DisplayName("S1.10 large results by digest: an upstream result on chain by digest only goes to the engine as "
            + "where to fetch it (the producer's exchange address on chain, producer and attempt), with no value")
    void anUpstreamResultByDigestIsFetchedFromItsProducer() {
        chain.endpoint("Org2MSP", "org2.example:7090").subtask("t1", "leaf", "COMPLETED", 2,
                new ChainView.Returned("Org2MSP", 2, DIGEST, null));
        dev.weft.proto.engine.v1.Input input = prefetch.inputs(needing("leaf")).get(0);
        assertThat(input.getValue().isEmpty()).isTrue();
        assertThat(input.getDigest()).isEqualTo(DIGEST);
        assertThat(input.getFetchFrom()).isEqualTo("org2.example:7090");
        assertThat(input.getProducerMspId()).isEqualTo("Org2MSP");
        assertThat(input.getProducerAttempt()).isEqualTo(2);
    }

    @Test
    @DisplayName("S1.10: the readers of a result are the participants of the subtasks that depend on it in the task "
            + "on chain")
    void readersAreTheParticipantsOfTheDependants() throws Exception {
        com.fasterxml.jackson.databind.JsonNode task = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"subtasks\":[{\"state\":{\"name\":\"big\",\"participants\":[\"Org1MSP\"]}},"
                + "{\"state\":{\"name\":\"use\",\"participants\":[\"Org2MSP\",\"Org3MSP\"],"
                + "\"dependsOn\":[\"big\"]}},{\"state\":{\"name\":\"end\",\"participants\":[\"Org1MSP\"],"
                + "\"dependsOn\":[\"use\",\"big\"]}}]}");
        assertThat(ChainView.readers(task)).isEqualTo(java.util.Map.of("big",
                java.util.Set.of("Org1MSP", "Org2MSP", "Org3MSP"), "use", java.util.Set.of("Org1MSP")));
    }

    @Test
    @DisplayName("issue 8: an upstream result the peer does not show yet is retried, not failed")
    void anUpstreamResultNotYetVisibleIsRetried() {
        chain.subtask("t1", "leaf", "READY", 1);
        assertThatThrownBy(() -> prefetch.inputs(needing("leaf")))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(InputPrefetch.NotInline.class);
    }

    @Test
    @DisplayName("S1.10 issue 16: readers the ready event lists are taken from it, without reading the task on "
            + "chain; an event from an older chaincode, which lists none, falls back to the task on chain")
    void readersListedByTheEventNeedNoRead() {
        chain.readers("t1", "total", "Org3MSP");
        ReadySubtask listed = needing("leaf").toBuilder().addResultReaders("Org1MSP").addResultReaders("Org2MSP")
                .setResultReadersListed(true).build();
        assertThat(prefetch.readers(listed)).containsExactlyInAnyOrder("Org1MSP", "Org2MSP");
        assertThat(prefetch.readers(needing("leaf").toBuilder().setResultReadersListed(true).build())).isEmpty();
        assertThat(chain.readerReads).isZero();
        assertThat(prefetch.readers(needing("leaf"))).containsExactly("Org3MSP");
        assertThat(chain.readerReads).isEqualTo(1);
    }
}
