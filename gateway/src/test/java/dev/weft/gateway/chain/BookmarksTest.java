package dev.weft.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BookmarksTest {
    private static final String FABRIC_BOOKMARK = "\u0000weft.taskstatus\u0000FAILED\u0000b579\u0000";

    @Test
    void aFabricBookmarkBecomesSomethingACommandLineCanCarryAndBack() {
        String printed = Bookmarks.encode(FABRIC_BOOKMARK);
        assertThat(printed).matches("[A-Za-z0-9_-]+");
        assertThat(Bookmarks.decode(printed)).isEqualTo(FABRIC_BOOKMARK);
    }

    @Test
    void noBookmarkMeansTheFirstOrNoNextPage() {
        assertThat(Bookmarks.encode("")).isEmpty();
        assertThat(Bookmarks.encode(null)).isEmpty();
        assertThat(Bookmarks.decode(null)).isEmpty();
        assertThat(Bookmarks.decode(" ")).isEmpty();
    }

    @Test
    void aBookmarkThisCommandDidNotPrintIsRefused() {
        assertThatThrownBy(() -> Bookmarks.decode("not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not one this command printed");
    }
}
