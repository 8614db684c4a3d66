package dev.weft.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskLedgerBookmarkTest {
    private static final String FABRIC_BOOKMARK = "\u0000weft.taskstatus\u0000FAILED\u0000b579\u0000";

    @Test
    void aFabricBookmarkBecomesSomethingACommandLineCanCarryAndBack() {
        String printed = TaskLedger.encodeBookmark(FABRIC_BOOKMARK);
        assertThat(printed).matches("[A-Za-z0-9_-]+");
        assertThat(TaskLedger.decodeBookmark(printed)).isEqualTo(FABRIC_BOOKMARK);
    }

    @Test
    void noBookmarkMeansTheFirstOrNoNextPage() {
        assertThat(TaskLedger.encodeBookmark("")).isEmpty();
        assertThat(TaskLedger.encodeBookmark(null)).isEmpty();
        assertThat(TaskLedger.decodeBookmark(null)).isEmpty();
        assertThat(TaskLedger.decodeBookmark(" ")).isEmpty();
    }

    @Test
    void aBookmarkThisCommandDidNotPrintIsRefused() {
        assertThatThrownBy(() -> TaskLedger.decodeBookmark("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not one this command printed");
    }
}
