package dev.weft.gateway.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FailureReasonTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    @DisplayName("issue 9 item 10: a reason of 1000 three-byte characters is cut to the chain's 1024 UTF-8 bytes")
    void multiByteReasonsFitTheChainsLimit() {
        String reason = "失".repeat(1000);
        String fitted = FailureReason.fit(reason);
        assertThat(bytes(reason)).isGreaterThan(FailureReason.MAX_BYTES);
        assertThat(bytes(fitted)).isLessThanOrEqualTo(FailureReason.MAX_BYTES);
        assertThat(fitted).startsWith("失失失").endsWith("…");
    }

    @Test
    @DisplayName("issue 9 item 10: a cut never splits a character (surrogate pairs stay whole)")
    void surrogatePairsStayWhole() {
        String fitted = FailureReason.fit("a" + "😀".repeat(600));
        assertThat(bytes(fitted)).isLessThanOrEqualTo(FailureReason.MAX_BYTES);
        String body = fitted.substring(1, fitted.length() - 1);
        assertThat(body.codePoints().allMatch(cp -> cp == "😀".codePointAt(0))).isTrue();
        assertThat(new String(fitted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(fitted);
    }

    @Test
    void shortReasonsAreKeptAndBlankOnesGetADefault() {
        assertThat(FailureReason.fit("INTERNAL: boom")).isEqualTo("INTERNAL: boom");
        assertThat(FailureReason.fit("a".repeat(1024))).hasSize(1024);
        assertThat(FailureReason.fit(" ")).isEqualTo("engine reported a failure");
    }
}
