package dev.weft.chaincode.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.WeftException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Endorsing peers may run under any default locale; what the chaincode writes
 * must not depend on it (Arabic-Indic and Thai digits are the classic traps).
 */
class LocaleDeterminismTest {
    private static final Locale[] LOCALES = {Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("th-TH-u-nu-thai")};
    private final Locale saved = Locale.getDefault();

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private <T> T under(Locale locale, Supplier<T> body) {
        Locale.setDefault(locale);
        try {
            return body.get();
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    @DisplayName("issue 9 item 9: a route change key prints its revision in ASCII digits under ar-EG and th-TH-u-nu-thai")
    void routeKeysIgnoreTheDefaultLocale() {
        RouteFixture f = new RouteFixture();
        String root = under(Locale.ROOT, () -> f.gov.ledger.evaluate(f.gov.admin1,
                ctx -> RouteKeys.change(dev.weft.chaincode.ledger.Ledger.of(ctx), "asset", 12)));
        assertThat(root).contains("000000000012");
        for (Locale l : LOCALES) {
            String key = under(l, () -> f.gov.ledger.evaluate(f.gov.admin1,
                    ctx -> RouteKeys.change(dev.weft.chaincode.ledger.Ledger.of(ctx), "asset", 12)));
            assertThat(key).as(l.toLanguageTag()).isEqualTo(root);
            String message = under(l, () -> WeftException.of(ErrorCode.TOO_LARGE, "%d of %d", 1234, 56).getMessage());
            assertThat(message).as(l.toLanguageTag()).isEqualTo("TOO_LARGE: 1234 of 56");
        }
    }

    @Test
    @DisplayName("issue 9 item 9: a governed rollout and a seal of its hours write the same state bytes under ar-EG "
            + "and th-TH-u-nu-thai")
    void aRolloutWritesTheSameBytesUnderEveryLocale() {
        Map<String, String> root = under(Locale.ROOT, LocaleDeterminismTest::rollout);
        assertThat(root.keySet()).anyMatch(k -> k.contains("000000000002"));
        assertThat(root.keySet()).anyMatch(k -> k.contains(RouteKeys.HOUR_SUMMARY) && k.contains("2026-01-01T01"));
        for (Locale l : LOCALES) {
            assertThat(under(l, LocaleDeterminismTest::rollout)).as(l.toLanguageTag()).isEqualTo(root);
        }
    }

    private static Map<String, String> rollout() {
        RouteFixture f = new RouteFixture();
        f.gov.govern(RouteFixture.PRE_RELEASE);
        f.gov.govern(RouteFixture.gray(2500, null));
        f.gov.govern(RouteFixture.ROLLBACK);
        // issue 16: hour keys, summaries and the seal cursor too
        f.gov.ledger.advanceClock(java.time.Duration.ofHours(3));
        f.gov.ledger.submit(f.gov.admin1, ctx -> f.route.sealHours(ctx, "asset", "48"));
        return f.gov.ledger.snapshot();
    }
}
