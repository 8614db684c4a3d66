package dev.weft.gateway.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the gateway's sealing round over every route. The chain here is an in-memory
 * stand-in that keeps, per route, the closed hours still unsealed and seals up to the
 * requested number per transaction, as {@code route:SealHours} does.
 */
class RouteSealerTest {

    /** Closed, unsealed hours per route; a route named "broken" fails every call. */
    static final class Routes implements RouteSealer.Chain {
        final Map<String, Integer> unsealed = new TreeMap<>();
        final List<String> submitted = new ArrayList<>();

        @Override
        public String evaluate(String function, String... args) {
            if (function.equals("route:ListPolicies")) {
                StringBuilder b = new StringBuilder("[");
                unsealed.keySet().forEach(n -> b.append(b.length() > 1 ? "," : "").append("{\"name\":\"")
                        .append(n).append("\"}"));
                return b.append(']').toString();
            }
            return answer(args, false);
        }

        @Override
        public String submit(String function, String... args) {
            submitted.add(args[0]);
            return answer(args, true);
        }

        private String answer(String[] args, boolean write) {
            if (args[0].equals("broken")) {
                throw new IllegalStateException("peer refused");
            }
            int left = unsealed.get(args[0]);
            int sealed = Math.min(left, Integer.parseInt(args[1]));
            if (write) {
                unsealed.put(args[0], left - sealed);
            }
            return "{\"route\":\"" + args[0] + "\",\"sealed\":" + sealed + ",\"more\":" + (left - sealed > 0) + "}";
        }
    }

    @Test
    void sealsEveryRouteUntilNothingIsLeftAndSubmitsNothingForAnUpToDateRoute() {
        Routes chain = new Routes();
        chain.unsealed.put("asset", 100);
        chain.unsealed.put("idle", 0);
        chain.unsealed.put("ledger", 3);

        int sealed = new RouteSealer(chain).round();

        assertThat(sealed).isEqualTo(103);
        assertThat(chain.unsealed).containsEntry("asset", 0).containsEntry("ledger", 0).containsEntry("idle", 0);
        // 100 hours at 48 per transaction take three; an up-to-date route costs no transaction
        assertThat(chain.submitted).containsExactly("asset", "asset", "asset", "ledger");

        chain.submitted.clear();
        assertThat(new RouteSealer(chain).round()).isZero();
        assertThat(chain.submitted).isEmpty();
    }

    @Test
    void aRouteThatFailsLeavesTheOthersSealed() {
        Routes chain = new Routes();
        chain.unsealed.put("asset", 2);
        chain.unsealed.put("broken", 5);
        chain.unsealed.put("ledger", 1);

        assertThat(new RouteSealer(chain).round()).isEqualTo(3);
        assertThat(chain.submitted).containsExactly("asset", "ledger");
    }

    @Test
    void aRoundIsBoundedForARouteFarBehind() {
        Routes chain = new Routes();
        chain.unsealed.put("asset", 48 * RouteSealer.MAX_CALLS_PER_ROUTE + 10);

        assertThat(new RouteSealer(chain).round()).isEqualTo(48 * RouteSealer.MAX_CALLS_PER_ROUTE);
        assertThat(chain.unsealed.get("asset")).isEqualTo(10);
        assertThat(new RouteSealer(chain).round()).isEqualTo(10);
    }
}
