package dev.weft.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskSnapshotTest {

    @Test
    void readsTheTaskAndEverySubtaskInDefinitionOrder() {
        TaskSnapshot task = TaskFixtures.running();
        assertThat(task.taskId()).isEqualTo(TaskFixtures.RUNNING_ID);
        assertThat(task.status()).isEqualTo("RUNNING");
        assertThat(task.ended()).isFalse();
        assertThat(task.parameters()).containsExactly(java.util.Map.entry("region", "north"));
        assertThat(task.subtasks()).extracting(TaskSnapshot.SubtaskState::name)
                .containsExactly("org1-total", "org2-total", "org3-total", "total");
        TaskSnapshot.SubtaskState total = task.subtask("total").orElseThrow();
        assertThat(total.dependsOn()).containsExactly("org1-total", "org2-total", "org3-total");
        assertThat(total.digest()).isNull();
    }

    @Test
    void countsOnlyTheCurrentAttemptsResultsAndKeepsTheFailureHistory() {
        TaskSnapshot.SubtaskState org3 = TaskFixtures.running().subtask("org3-total").orElseThrow();
        assertThat(org3.attempt()).isEqualTo(2);
        assertThat(org3.resultsThisAttempt()).isZero();
        assertThat(org3.lastFailure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("TIMEOUT");
            assertThat(f.attempt()).isEqualTo(1);
            assertThat(f.mspId()).isEqualTo("Org2MSP");
        });
    }

    @Test
    void aFailedTaskHasEndedAndItsDisagreementIsRead() {
        TaskSnapshot task = TaskFixtures.failed();
        assertThat(task.ended()).isTrue();
        TaskSnapshot.FailureRecord f = task.subtasks().get(0).lastFailure().orElseThrow();
        assertThat(f.digests()).containsOnlyKeys("Org1MSP", "Org2MSP", "Org3MSP");
        assertThat(f.dissenters()).containsExactly("Org2MSP");
    }

    @Test
    void somethingElseIsNotATaskView() {
        assertThatThrownBy(() -> TaskSnapshot.parse("{\"items\":[]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a task view");
        assertThatThrownBy(() -> TaskSnapshot.parse("{nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }
}
