package dev.weft.gateway.engine.modules;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.gateway.engine.EngineFramework;
import dev.weft.gateway.engine.EngineTimer;
import dev.weft.gateway.engine.callback.CallbackServer;
import dev.weft.gateway.engine.config.EngineFile;
import dev.weft.gateway.engine.config.EngineHost;
import dev.weft.gateway.engine.config.ModuleRegistry;
import dev.weft.gateway.transport.TlsMaterial;
import dev.weft.proto.engine.v1.ExecuteRequest;
import dev.weft.proto.engine.v1.ExecuteResponse;
import dev.weft.proto.engine.v1.SendMode;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A standard engine framework hosting the units of an engine configuration
 * (YAML), with the callback endpoint it asks for: what {@code weft engine serve
 * --config} runs, without the gRPC port.
 */
final class ModuleRig implements AutoCloseable {
    final EngineFramework framework;
    final CallbackServer callbacks;
    final List<ComputeUnit> units;
    private final ScheduledExecutorService timer;

    private ModuleRig(EngineFramework framework, CallbackServer callbacks, List<ComputeUnit> units,
            ScheduledExecutorService timer) {
        this.framework = framework;
        this.callbacks = callbacks;
        this.units = units;
        this.timer = timer;
    }

    static ModuleRig start(String yaml, Path base, TlsMaterial tls) {
        EngineFile file = EngineFile.parse(yaml, base);
        ScheduledExecutorService timer = EngineTimer.create("rig");
        CallbackServer callbacks = EngineHost.callbacks(file, tls);
        List<ComputeUnit> units = ModuleRegistry.discover().units(file, timer, callbacks);
        EngineFramework framework = EngineFramework.builder().name("Org1MSP").units(units).timer(timer).build();
        return new ModuleRig(framework, callbacks, units, timer);
    }

    static ExecuteRequest.Builder request(String operation) {
        return ExecuteRequest.newBuilder().setTaskId("task-" + UUID.randomUUID()).setSubtaskId("s1").setAttempt(1)
                .setSendMode(SendMode.FIRST_SEND).setOperation(operation).setExecutorMspId("Org1MSP");
    }

    CompletableFuture<ExecuteResponse> start(ExecuteRequest request) {
        return framework.execute(request);
    }

    ExecuteResponse run(ExecuteRequest request) throws Exception {
        return framework.execute(request).get(90, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        framework.close();
        if (callbacks != null) {
            callbacks.close();
        }
        timer.shutdownNow();
    }
}
