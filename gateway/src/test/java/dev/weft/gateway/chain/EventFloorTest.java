package dev.weft.gateway.chain;

import static dev.weft.gateway.chain.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a consumer that moved onto the shared stream had handled already (issue 10 item 2). */
class EventFloorTest {

    @Test
    @DisplayName("S0.3 at a transaction: earlier blocks and the block's events up to that transaction are behind")
    void atATransaction() {
        EventFloor floor = EventFloor.at(12, "tx-b");
        assertThat(floor.behind(event(10, "tx-y"))).isTrue();
        assertThat(floor.behind(event(11, "tx-z"))).isTrue();
        assertThat(floor.behind(event(12, "tx-a"))).isTrue();
        assertThat(floor.behind(event(12, "tx-b"))).isTrue();
        assertThat(floor.behind(event(12, "tx-c"))).isFalse();
        assertThat(floor.behind(event(13, "tx-d"))).isFalse();
    }

    @Test
    @DisplayName("S0.3 at a block's start (a checkpointed block): that block's events are not behind")
    void atABlockStart() {
        EventFloor floor = EventFloor.at(12, null);
        assertThat(floor.behind(event(11, "tx-z"))).isTrue();
        assertThat(floor.behind(event(12, "tx-a"))).isFalse();
        assertThat(floor.behind(event(12, "tx-b"))).isFalse();
    }

    @Test
    @DisplayName("S0.3 a later block ends the floor even if its transaction never showed")
    void laterBlockEndsIt() {
        EventFloor floor = EventFloor.at(12, "tx-gone");
        assertThat(floor.behind(event(12, "tx-a"))).isTrue();
        assertThat(floor.behind(event(13, "tx-b"))).isFalse();
        assertThat(floor.behind(event(12, "tx-late"))).as("once reached, nothing is behind again").isFalse();
    }

    @Test
    @DisplayName("S0.3 the empty floor has nothing behind it; a negative block is refused")
    void noneAndBadInput() {
        assertThat(EventFloor.NONE.behind(event(0, "tx-0"))).isFalse();
        assertThat(EventFloor.at(3, "").behind(event(3, "tx-a"))).as("an empty ID means the block's start").isFalse();
        assertThatThrownBy(() -> EventFloor.at(-1, "tx")).isInstanceOf(IllegalArgumentException.class);
    }
}
