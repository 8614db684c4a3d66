package dev.weft.chaincode.route;

import dev.weft.chaincode.ledger.Caller;
import dev.weft.chaincode.ledger.ErrorCode;
import dev.weft.chaincode.ledger.Ledger;
import dev.weft.chaincode.ledger.Members;
import dev.weft.chaincode.ledger.WeftException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code route:SealHours} (issue 16): adds up a route's finished hours, in order, into
 * one {@link HourSummary} each, so that {@code route:Stats} reads one key for an hour
 * however many calls it had.
 *
 * <p>An hour may be sealed once the transaction's timestamp is at least an hour past
 * its end, so a client whose clock is off by less than an hour never files a record
 * into a sealed hour. The seal reads the hour's call records and error reports by
 * range; Fabric runs those ranges again when it validates the seal, so a record of the
 * hour committed meanwhile makes the seal fail rather than be missed. A record whose
 * transaction lies in an hour sealed already goes to the late keys instead (see
 * {@link Router}); its transaction read the hour's summary key, so it and a seal of
 * the same hour cannot both commit.
 *
 * <p>Sealing starts, when the route has no {@link SealCursor} yet, at the hour of the
 * route's first history entry less twice {@link Ledger#TIME_WINDOW}: a routed call
 * can carry a timestamp up to that much before the one its route was created with,
 * and an hour before the first sealed one would otherwise be left out of full reads.
 * A NODE route records no calls and is never sealed.
 */
final class HourSeal {
    /** Most hours one call seals. */
    static final int MAX_HOURS = 48;
    private static final Duration SEALABLE_AFTER = Duration.ofHours(2); // the hour's end, plus an hour

    private HourSeal() {
    }

    /**
     * The answer of {@code route:SealHours}: how many hours this call sealed, the first
     * of them ({@code from}), the hour to seal next, and whether that one is sealable
     * already ({@code more}: call again). {@code from} and {@code next} are empty for a
     * NODE route.
     *
     * <pre>{"route":"asset","sealed":3,"from":"2026-01-01T09","next":"2026-01-01T12","more":false}</pre>
     */
    record Sealed(String route, int sealed, String from, String next, boolean more) {
    }

    static Sealed seal(Ledger ledger, String name, String maxHoursText) {
        Caller caller = Members.requireMember(ledger);
        int max = maxHours(maxHoursText);
        RoutePolicy policy = Rollout.require(ledger, name);
        if (policy.kindEnum() != RouteKind.CHAINCODE) {
            return new Sealed(name, 0, "", "", false);
        }
        String cursorKey = RouteKeys.sealCursor(ledger, name);
        Instant next = ledger.get(cursorKey, SealCursor.class)
                .map(c -> RouteKeys.hourStart(c.next()))
                .orElseGet(() -> firstHour(ledger, name));
        Instant from = next;
        int sealed = 0;
        String now = ledger.txTime().toString();
        while (sealed < max && sealable(ledger, next)) {
            String hour = RouteKeys.hour(next);
            List<CallRecord> calls = ledger.list(CallRecord.class, RouteKeys.CALL_HOURLY, name, hour);
            List<ErrorReport> errors = ledger.list(ErrorReport.class, RouteKeys.ERROR_HOURLY, name, hour);
            Tally tally = new Tally();
            calls.forEach(tally::call);
            errors.forEach(tally::error);
            ledger.put(RouteKeys.hourSummary(ledger, name, next), new HourSummary(name, hour,
                    calls.size() + errors.size(), tally.versions(), caller.mspId(), now, ledger.txId()));
            next = next.plus(1, ChronoUnit.HOURS);
            sealed++;
        }
        if (sealed > 0) {
            ledger.put(cursorKey, new SealCursor(name, RouteKeys.hour(next), caller.qualifiedId(), now,
                    ledger.txId()));
        }
        return new Sealed(name, sealed, RouteKeys.hour(from), RouteKeys.hour(next), sealable(ledger, next));
    }

    /** Whether {@code hour} (its start) ended at least an hour before this transaction's timestamp. */
    static boolean sealable(Ledger ledger, Instant hour) {
        return !ledger.txTime().isBefore(hour.plus(SEALABLE_AFTER));
    }

    private static Instant firstHour(Ledger ledger, String name) {
        RouteChange first = ledger.require(RouteKeys.change(ledger, name, 1), RouteChange.class,
                "history of route " + name);
        return Instant.parse(first.time()).minus(Ledger.TIME_WINDOW.multipliedBy(2)).truncatedTo(ChronoUnit.HOURS);
    }

    private static int maxHours(String text) {
        if (text == null || !text.matches("[0-9]{1,2}")) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "maxHours must be a decimal number 1..%d, was %s",
                    MAX_HOURS, text);
        }
        int n = Integer.parseInt(text);
        if (n < 1 || n > MAX_HOURS) {
            throw WeftException.of(ErrorCode.BAD_REQUEST, "maxHours must be 1..%d, was %d", MAX_HOURS, n);
        }
        return n;
    }
}
