package dev.weft.gateway.scheduler;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineClient;
import dev.weft.gateway.engine.EngineFramework;
import dev.weft.gateway.engine.EngineServer;
import dev.weft.gateway.store.GatewayStore;
import dev.weft.gateway.store.SendMode;
import dev.weft.gateway.store.TaskEntry;
import dev.weft.gateway.store.TaskKey;
import dev.weft.gateway.transport.GrpcServers;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.ExecutionState;
import dev.weft.proto.task.v1.ReadySubtask;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * S0.6 with real gRPC engines on loopback: the scheduler's dispatch, its store and its
 * engine directory, no service center. A call in flight to a framework is cancelled as
 * soon as another send to that framework fails, instead of running into its deadline.
 */
class EngineDispatchCancelTest {
    /** The gateway's deadline for one call: far beyond what the test waits, so only the cancel can end it. */
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    /** A unit that enters, then waits at its gate; what it answers names it. */
    private static final class Unit implements ComputeUnit {
        final String name;
        final Set<String> operations;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate;

        Unit(String name, boolean gated, String... operations) {
            this.name = name;
            this.operations = Set.of(operations);
            this.gate = new CountDownLatch(gated ? 1 : 0);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> operations() {
            return operations;
        }

        @Override
        public byte[] execute(UnitRequest request) throws Exception {
            entered.countDown();
            gate.await();
            return ("{\"unit\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static EngineServer engine(String name, ComputeUnit... units) {
        EngineFramework framework = EngineFramework.builder().name(name).units(List.of(units)).build();
        return EngineServer.create(GrpcServers.loopbackPlaintext(0), framework, framework).start();
    }

    private static EngineClient client(EngineServer server) {
        return EngineClient.builder().endpoint("127.0.0.1:" + server.port()).insecureLoopback().deadline(DEADLINE)
                .build();
    }

    private static ReadySubtask subtask(String task, String operation) {
        return ReadySubtask.newBuilder().setTaskId(task).setSubtaskId("s1").setAttempt(1).setOperation(operation)
                .build();
    }

    private static TaskEntry taken(GatewayStore store, ReadySubtask subtask) {
        TaskEntry entry = TaskEntry.taken(new TaskKey(subtask.getTaskId(), subtask.getSubtaskId(), 1),
                subtask.toByteString(), 1, Instant.now());
        store.recordTasks(List.of(entry), null);
        return entry;
    }

    /** Waits until nothing accepts connections on {@code port} of loopback any more. */
    private static void awaitListenerClosed(int port) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                Thread.sleep(100);
            } catch (java.io.IOException refused) {
                return;
            }
        }
        throw new IllegalStateException("engine port " + port + " still accepts connections");
    }

    @Test
    @DisplayName("S0.6 an engine server stopped mid-job: the next send to it fails, which cancels the call in "
            + "flight to it at once (not at its deadline); that subtask is flagged for resend and rerun on another "
            + "engine with a matching unit")
    void failedSendCancelsTheCallInFlight() throws Exception {
        Unit stuck = new Unit("a-score", true, "score");
        Unit hash = new Unit("a-hash", false, "hash");
        Unit other = new Unit("b-score", false, "score");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SchedulerMetrics metrics = new SchedulerMetrics(meters);
        EngineServer a = engine("A", stuck, hash);
        EngineServer b = engine("B", other);
        CompletableFuture<Void> draining = null;
        try (GatewayStore store = GatewayStore.openSqlite(dir);
                EngineDirectory engines = new EngineDirectory()) {
            engines.add("A", client(a));
            engines.add("B", client(b));
            EngineDispatch dispatch = new EngineDispatch("Org1MSP", null, store, engines,
                    new InputPrefetch(new FakeChainView().height(1)), metrics);
            EngineDirectory.Engine onA = engines.engines().get(0);
            assertThat(onA.name()).isEqualTo("A");

            // the first pick of the round robin is A: the job runs there and stays at the gate
            ReadySubtask first = subtask("task-first", "score");
            TaskEntry firstEntry = taken(store, first);
            CompletableFuture<ExecuteResponse> firstCall =
                    CompletableFuture.supplyAsync(() -> dispatch.execute(firstEntry, first));
            assertThat(stuck.entered.await(2, TimeUnit.MINUTES)).isTrue();
            assertThat(onA.inFlight()).isEqualTo(1);

            // A's operator stops it: new calls are refused, the running one may drain for a long grace
            draining = CompletableFuture.runAsync(() -> a.stop(Duration.ofMinutes(20)));
            awaitListenerClosed(a.port());
            // A subtask of an operation only A serves: its send to A fails, A is marked down. (Until the
            // client has seen A's goaway, a send may still be taken on the old connection: then again.)
            EngineDispatch.NoEngine refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                ReadySubtask second = subtask("task-second-" + i, "hash");
                TaskEntry secondEntry = taken(store, second);
                try {
                    dispatch.execute(secondEntry, second);
                    Thread.sleep(100);
                } catch (EngineDispatch.NoEngine e) {
                    refused = e;
                }
            }
            assertThat(refused).as("a send to the stopped engine failed").isNotNull();
            assertThat(refused).hasMessageContaining("no available engine serves hash");
            assertThat(onA.available()).isFalse();

            // ... and the first subtask's call to A was cancelled then, while A's unit is still stuck (A's own
            // drain would have let it run for 20 minutes; the cancel also ends it on A's side, so A stops)
            ExecuteResponse moved = firstCall.get(DEADLINE.toMinutes() / 2, TimeUnit.MINUTES);
            assertThat(stuck.gate.getCount()).as("A's job never finished: the call ended by the cancel").isOne();
            assertThat(onA.inFlight()).isZero();
            assertThat(moved.getState()).isEqualTo(ExecutionState.SUCCEEDED);
            assertThat(moved.getUnit()).isEqualTo("b-score");
            assertThat(moved.getValue().toStringUtf8()).isEqualTo("{\"unit\":\"b-score\"}");
            assertThat(store.task(firstEntry.key()).orElseThrow().sendMode()).isEqualTo(SendMode.RESEND);
            assertThat(meters.find("weft.subtasks.resent").counter().count()).isEqualTo(2.0); // the cancelled call, the refused send
            assertThat(meters.find("weft.engine.call").tags("engine", "A", "operation", "score",
                    "outcome", "ENGINE_UNAVAILABLE").timer()).as("A's call ended as unavailable, not TIMEOUT")
                    .isNotNull();
            assertThat(meters.find("weft.engine.call").tags("engine", "A", "outcome", "TIMEOUT").timer()).isNull();
        } finally {
            stuck.gate.countDown();
            if (draining != null) {
                draining.get(2, TimeUnit.MINUTES);
            }
            a.stop();
            b.stop();
        }
    }
}
