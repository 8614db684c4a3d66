package dev.weft.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineException;
import dev.weft.gateway.scheduler.EngineDirectory;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.engine.v1.SendMode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("S0.5/S0.6/S0.9/S0.10 an EngineDirectory fed by the service center dispatches only to available services")
class EngineDirectoryRegistryTest {
    // ten missed heartbeats: a busy machine's pauses must not take a live engine down
    private final TestCenter registry = TestCenter.withHeartbeat(Duration.ofMillis(100), 10);
    private final EngineDirectory directory = new EngineDirectory(endpoint -> EngineClient.builder()
            .endpoint(endpoint).insecureLoopback().deadline(Duration.ofSeconds(10)).build());
    private final ServiceFeed feed = ServiceFeed.watch(registry.client, directory::apply);

    @AfterEach
    void stop() {
        feed.close();
        directory.close();
        registry.close();
    }

    /** What the scheduler's runner does with the directory: pick, send, mark down and reschedule on failure. */
    private ExecuteResponse dispatch(String operation) {
        return dispatch(directory, operation);
    }

    private static ExecuteResponse dispatch(EngineDirectory directory, String operation) {
        Set<String> tried = new HashSet<>();
        SendMode mode = SendMode.FIRST_SEND;
        String task = "task-" + UUID.randomUUID();
        for (int sends = 0; sends < 6; sends++) {
            EngineDirectory.Engine engine = pickEventually(directory, operation, tried);
            tried.add(engine.name());
            try {
                ExecuteResponse r = engine.execute(ExecuteRequest.newBuilder().setTaskId(task)
                        .setSubtaskId("s1").setAttempt(1).setSendMode(mode).setOperation(operation)
                        .setExecutorMspId("Org1MSP").build());
                if (r.getState() == ExecutionState.FAILED && r.getUnitFault()) {
                    mode = SendMode.RESEND;
                    continue;
                }
                return r;
            } catch (EngineException e) {
                if (e.reason() == EngineException.Reason.ENGINE_UNAVAILABLE) {
                    directory.markDown(engine.name(), e.getMessage());
                }
                mode = SendMode.RESEND;
            }
        }
        throw new AssertionError("no engine produced a result");
    }

    /** Like the scheduler, which tries again later when no engine is available right now. */
    private static EngineDirectory.Engine pickEventually(EngineDirectory directory, String operation,
            Set<String> tried) {
        AtomicReference<EngineDirectory.Engine> picked = new AtomicReference<>();
        Eventually.until("an available engine serves " + operation,
                () -> directory.pick(operation, tried).map(e -> {
                    picked.set(e);
                    return true;
                }).orElse(false));
        return picked.get();
    }

    private Optional<EngineDirectory.Engine> engine(String name) {
        return directory.engines().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private boolean available(String name) {
        return engine(name).map(EngineDirectory.Engine::available).orElse(false);
    }

    private boolean unitAvailable(String engine, String unit) {
        return engine(engine).flatMap(e -> e.units().stream().filter(u -> u.name().equals(unit)).findFirst())
                .map(EngineDirectory.Unit::available).orElse(false);
    }

    @Test
    @DisplayName("S0.5 a subtask goes to the framework whose unit serves its operation, and the result comes back through it")
    void dispatchesToTheMatchingUnit() {
        try (TestEngine a = TestEngine.start("A", registry.client, new SwitchableUnit("hasher", "sha"));
                TestEngine b = TestEngine.start("B", registry.client, new SwitchableUnit("echoer", "echo"))) {
            Eventually.until("A and B available", () -> available("A") && available("B"));

            ExecuteResponse sha = dispatch("sha");
            ExecuteResponse echo = dispatch("echo");

            assertThat(sha.getUnit()).isEqualTo("hasher");
            assertThat(sha.getValue().toStringUtf8()).isEqualTo("\"hasher\"");
            assertThat(echo.getUnit()).isEqualTo("echoer");
            assertThat(directory.pick("nothing-serves-this", Set.of())).isEmpty();
            assertThat(engine("A").orElseThrow().fromRegistry()).isTrue();
        }
    }

    @Test
    @DisplayName("S0.6 a framework that dies before the center notices: the failed send marks it down (S0.7) and the "
            + "task goes to another framework with a matching unit")
    void rescheduledAfterFailedSend() {
        try (TestCenter slow = TestCenter.withHeartbeat(Duration.ofSeconds(30), 3);
                EngineDirectory engines = new EngineDirectory(endpoint -> EngineClient.builder()
                        .endpoint(endpoint).insecureLoopback().deadline(Duration.ofSeconds(10)).build());
                ServiceFeed slowFeed = ServiceFeed.watch(slow.client, engines::apply);
                TestEngine b = TestEngine.start("B", slow.client, new SwitchableUnit("b-echo", "echo"))) {
            TestEngine a = TestEngine.start("A", slow.client, new SwitchableUnit("a-echo", "echo"));
            Eventually.until("A and B available", () -> engines.engines().size() == 2
                    && engines.engines().stream().allMatch(EngineDirectory.Engine::available));

            a.kill();
            for (int i = 0; i < 6; i++) {
                assertThat(dispatch(engines, "echo").getUnit()).isEqualTo("b-echo");
            }
            EngineDirectory.Engine dead = engines.engines().stream().filter(e -> e.name().equals("A")).findFirst()
                    .orElseThrow();
            assertThat(dead.available()).isFalse();
            assertThat(dead.why()).isNotBlank().doesNotStartWith("no heartbeat");
            engines.pollAll(); // the health probe cannot reach it either
            assertThat(dead.available()).isFalse();
            assertThat(slow.client.list().frameworks().stream().filter(f -> f.name().equals("A")).findFirst()
                    .orElseThrow().available()).as("the center has not noticed yet").isTrue();
        }
    }

    @Test
    @DisplayName("S0.6 a framework that goes down gets no more tasks: they go to another framework with a matching unit; "
            + "once the center marks it down (S0.7) it stays out until it registers again")
    void rescheduledWhenFrameworkGoesDown() {
        try (TestEngine b = TestEngine.start("B", registry.client, new SwitchableUnit("b-echo", "echo"))) {
            TestEngine a = TestEngine.start("A", registry.client, new SwitchableUnit("a-echo", "echo"));
            Eventually.until("A and B available", () -> available("A") && available("B"));

            a.kill();
            for (int i = 0; i < 6; i++) {
                assertThat(dispatch("echo").getUnit()).isEqualTo("b-echo");
            }
            Eventually.until("the center's news reaches the directory",
                    () -> engine("A").orElseThrow().why().startsWith("no heartbeat"));
            assertThat(engine("A").orElseThrow().units()).noneMatch(EngineDirectory.Unit::available);
            directory.pollAll();
            assertThat(available("A")).isFalse();

            try (TestEngine again = TestEngine.start("A", registry.client, new SwitchableUnit("a-echo", "echo"))) {
                Eventually.until("A back at its new endpoint", () -> available("A"));
                Set<String> units = new HashSet<>();
                for (int i = 0; i < 6; i++) {
                    units.add(dispatch("echo").getUnit());
                }
                assertThat(units).containsExactlyInAnyOrder("a-echo", "b-echo");
            }
        }
    }

    @Test
    @DisplayName("S0.6 a call in flight to a framework the service center marks down is cancelled at once (not left "
            + "to its 5-minute deadline) and the subtask goes to another framework with a matching unit")
    void inFlightCallCancelledWhenCenterSaysDown() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        dev.weft.engine.api.ComputeUnit stuck = new dev.weft.engine.api.ComputeUnit() {
            @Override
            public String name() {
                return "a-echo";
            }

            @Override
            public Set<String> operations() {
                return Set.of("echo");
            }

            @Override
            public byte[] execute(dev.weft.engine.api.UnitRequest request) throws Exception {
                entered.countDown();
                never.await();
                return "\"a\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        };
        // the gateway's deadline: without the cancel this call would end only after 5 minutes, as a TIMEOUT
        try (EngineDirectory engines = new EngineDirectory(endpoint -> EngineClient.builder()
                        .endpoint(endpoint).insecureLoopback().deadline(Duration.ofMinutes(5)).build());
                ServiceFeed watch = ServiceFeed.watch(registry.client, engines::apply);
                TestEngine a = TestEngine.start("A", registry.client, stuck);
                TestEngine b = TestEngine.start("B", registry.client, new SwitchableUnit("b-echo", "echo"))) {
            Eventually.until("A and B available", () -> engines.engines().size() == 2
                    && engines.engines().stream().allMatch(EngineDirectory.Engine::available));
            EngineDirectory.Engine onA = engines.engines().stream().filter(e -> e.name().equals("A")).findFirst()
                    .orElseThrow();
            String task = "task-" + UUID.randomUUID();
            java.util.concurrent.CompletableFuture<EngineException> call = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            onA.execute(ExecuteRequest.newBuilder().setTaskId(task).setSubtaskId("s1")
                                    .setAttempt(1).setSendMode(SendMode.FIRST_SEND).setOperation("echo")
                                    .setExecutorMspId("Org1MSP").build());
                            return null;
                        } catch (EngineException e) {
                            return e;
                        }
                    });
            assertThat(entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(onA.inFlight()).isEqualTo(1);

            a.registration.halt(); // A stops heartbeating; its server and the stuck call stay up

            EngineException cancelled = call.get(6, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(cancelled).as("the call ended with an error, not a result").isNotNull();
            assertThat(cancelled.reason()).isEqualTo(EngineException.Reason.ENGINE_UNAVAILABLE);
            assertThat(cancelled.getMessage()).contains("call cancelled").contains("no heartbeat");
            assertThat(onA.inFlight()).isZero();
            assertThat(entered.getCount()).isZero();
            assertThat(never.getCount()).as("A's unit is still stuck: the call did not end by finishing").isOne();
            ExecuteResponse moved = dispatch(engines, "echo");
            assertThat(moved.getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(moved.getUnit()).isEqualTo("b-echo");
            never.countDown();
        }
    }

    @Test
    @DisplayName("S0.9 a unit that goes down (exception notice) gets no more tasks: another unit takes them; "
            + "its framework's other units keep working (S0.10)")
    void rescheduledWhenUnitFaults() {
        SwitchableUnit aEcho = new SwitchableUnit("a-echo", "echo");
        try (TestEngine a = TestEngine.start("A", registry.client, aEcho, new SwitchableUnit("a-sha", "sha"));
                TestEngine b = TestEngine.start("B", registry.client, new SwitchableUnit("b-echo", "echo"))) {
            Eventually.until("A and B available", () -> available("A") && available("B"));

            aEcho.available = false;
            Eventually.until("a-echo marked down", () -> !unitAvailable("A", "a-echo"));

            FrameworkService atCenter = registry.client.list().frameworks().stream()
                    .filter(f -> f.name().equals("A")).findFirst().orElseThrow();
            assertThat(atCenter.available()).isTrue();
            assertThat(atCenter.unit("a-echo").orElseThrow().why()).isEqualTo("unit a-echo became unavailable");
            assertThat(available("A")).isTrue();
            for (int i = 0; i < 6; i++) {
                assertThat(dispatch("echo").getUnit()).isEqualTo("b-echo");
            }
            assertThat(dispatch("sha").getUnit()).isEqualTo("a-sha");

            aEcho.available = true;
            Eventually.until("a-echo back", () -> unitAvailable("A", "a-echo"));
        }
    }

    @Test
    @DisplayName("S0.10 only available services get tasks: a unit registered unavailable is never picked until it reports in")
    void onlyAvailableServicesGetTasks() {
        SwitchableUnit late = new SwitchableUnit("late", "late-op");
        late.available = false;
        try (TestEngine a = TestEngine.start("A", registry.client, late, new SwitchableUnit("ready", "ready-op"))) {
            Eventually.until("A available", () -> available("A"));

            for (int i = 0; i < 20; i++) {
                assertThat(directory.pick("late-op", Set.of())).isEmpty();
            }
            assertThat(dispatch("ready-op").getUnit()).isEqualTo("ready");

            late.available = true;
            Eventually.until("late picked", () -> directory.pick("late-op", Set.of()).isPresent());
            assertThat(dispatch("late-op").getUnit()).isEqualTo("late");
        }
    }

    @Test
    @DisplayName("S0.7 a framework the center no longer knows (restarted center) is unavailable until it registers again")
    void centerRestartReconciles() {
        try (TestEngine a = TestEngine.start("A", registry.client, new SwitchableUnit("a-echo", "echo"))) {
            Eventually.until("A available", () -> available("A"));

            registry.restart(ServiceCenter.builder().heartbeatInterval(Duration.ofMillis(100)).missedHeartbeats(10)
                    .build());

            // the engine's next heartbeat is refused, it registers again, and the feed's snapshot says so
            Eventually.until("A registered at the new center", () -> registry.client.list().frameworks().stream()
                    .anyMatch(f -> f.name().equals("A") && f.available()));
            Eventually.until("A available again", () -> available("A"));
            assertThat(dispatch("echo").getUnit()).isEqualTo("a-echo");
        }
    }
}
