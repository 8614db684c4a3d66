package dev.weft.gateway.engine.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FormatsTest {
    static final String ROWS = "[{\"id\":1,\"name\":\"a,b\",\"amount\":2.5,\"ok\":true},"
            + "{\"id\":2,\"name\":\"c\",\"amount\":null,\"ok\":false}]";

    @Test
    @DisplayName("S1.10 format conversion: JSON rows -> CSV -> Arrow IPC -> JSON rows keeps every value and type")
    void roundTrip() {
        byte[] json = ROWS.getBytes(StandardCharsets.UTF_8);
        byte[] csv = Formats.convert(json, "json-rows", "csv");
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("id,name,amount,ok\n1,\"a,b\",2.5,true\n2,c,,false\n");
        byte[] arrow = Formats.convert(csv, "csv", "arrow");
        byte[] back = Formats.convert(arrow, "arrow", "json-rows");
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(ROWS);
        assertThat(Formats.convert(Formats.convert(json, "json-rows", "arrow"), "arrow", "csv")).isEqualTo(csv);
    }

    @Test
    @DisplayName("S1.10 format conversion refuses what is not a table")
    void refusals() {
        assertThatThrownBy(() -> Formats.convert("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "json-rows", "csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array of objects");
        assertThatThrownBy(() -> Formats.convert(new byte[] {1, 2, 3}, "arrow", "csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Arrow");
        assertThatThrownBy(() -> Formats.convert(new byte[] {1}, "bytes", "csv"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
