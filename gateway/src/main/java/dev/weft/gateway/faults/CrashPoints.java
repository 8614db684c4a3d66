package dev.weft.gateway.faults;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for crash tests: with {@code WEFT_CRASH_POINT=<point>} (and
 * optionally {@code WEFT_CRASH_AFTER=<n>}, default 1) in its environment, a
 * gateway that reaches that point for the n-th time prints
 * {@code WEFT CRASH POINT <point> reached} on stderr and stops making progress,
 * holding whatever it had not written yet, so that a test can {@code kill -9}
 * it at exactly that moment. Without the variable every call is a no-op.
 */
public final class CrashPoints {
    /** The moments of a subtask's life that a crash may interrupt. */
    public enum Point {
        /** A ready-subtask event is being handled, before anything of it is stored. */
        EVENT,
        /** Subtasks are in the task list; nothing is dispatched yet. */
        TAKEN,
        /** The engine has the request and is executing it. */
        EXECUTING,
        /** The result is in the result list; not yet submitted. */
        COMPUTED,
        /** The result transaction went to the orderer; its commit is not yet confirmed. */
        SUBMITTED
    }

    private static final Point ARMED = parse(System.getenv("WEFT_CRASH_POINT"));
    private static final int AFTER = parseCount(System.getenv("WEFT_CRASH_AFTER"));
    private static final AtomicInteger REACHED = new AtomicInteger();

    private CrashPoints() {
    }

    /** Whether this process may crash at {@code point} (so callers skip the work of counting otherwise). */
    public static boolean armed(Point point) {
        return ARMED == point;
    }

    /** Marks that {@code point} was reached; blocks forever when this is the armed crash. */
    public static void reach(Point point) {
        reach(point, 1);
    }

    /**
     * Marks that {@code point} was reached for {@code times} subtasks at once (a batch of
     * results sent in one transaction); blocks forever when that takes the count to or
     * past the armed one.
     */
    public static void reach(Point point, int times) {
        if (ARMED != point || times < 1) {
            return;
        }
        int now = REACHED.addAndGet(times);
        if (now < AFTER || now - times >= AFTER) {
            return;
        }
        System.err.println("WEFT CRASH POINT " + point + " reached");
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep holding: only the kill ends this process
            }
        }
    }

    private static Point parse(String value) {
        return value == null || value.isBlank() ? null : Point.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    private static int parseCount(String value) {
        return value == null || value.isBlank() ? 1 : Integer.parseInt(value.trim());
    }
}
