package dev.weft.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskParamsTest {

    @Test
    void splitsAtTheFirstEqualsSignAndSortsTheKeys() {
        TaskParams p = TaskParams.parse(List.of("values=4,5,6", "query=SELECT a FROM t WHERE b = 'c'", "empty="));
        assertThat(p.values()).containsExactly(java.util.Map.entry("empty", ""),
                java.util.Map.entry("query", "SELECT a FROM t WHERE b = 'c'"), java.util.Map.entry("values", "4,5,6"));
        assertThat(p.toJson())
                .isEqualTo("{\"empty\":\"\",\"query\":\"SELECT a FROM t WHERE b = 'c'\",\"values\":\"4,5,6\"}");
    }

    @Test
    void noParametersIsAnEmptyObject() {
        assertThat(TaskParams.parse(null).toJson()).isEqualTo("{}");
        assertThat(TaskParams.none().values()).isEmpty();
    }

    @Test
    void rejectsAnEntryWithoutAValue() {
        assertThatThrownBy(() -> TaskParams.parse(List.of("values")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not KEY=VALUE");
    }

    @Test
    void rejectsNamesTheChaincodeWouldRefuse() {
        assertThatThrownBy(() -> TaskParams.parse(List.of("=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter name ''");
        assertThatThrownBy(() -> TaskParams.parse(List.of("a b=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
        assertThatThrownBy(() -> TaskParams.parse(List.of("k".repeat(65) + "=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
    }

    @Test
    void rejectsAKeyGivenTwice() {
        assertThatThrownBy(() -> TaskParams.parse(List.of("n=1", "n=2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parameter n is given twice");
    }
}
