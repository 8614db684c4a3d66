package dev.weft.gateway.engine;

import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test unit whose executions wait at a gate until the test opens it, and
 * which counts how often its executor ran; it can be told to crash.
 */
final class GatedUnit implements ComputeUnit {
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger crashesLeft = new AtomicInteger();
    volatile boolean available = true;

    @Override
    public String name() {
        return "gated";
    }

    @Override
    public Set<String> operations() {
        return Set.of("echo", "reject");
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public byte[] execute(UnitRequest request) throws Exception {
        calls.incrementAndGet();
        entered.countDown();
        if (!gate.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
        }
        if (crashesLeft.getAndDecrement() > 0) {
            throw new java.io.IOException("backend connection lost");
        }
        if (request.operation().equals("reject")) {
            throw new UnitException("rejected %s", request.subtaskId());
        }
        return ("\"" + request.parameter("text").orElse("") + "\"").getBytes(StandardCharsets.UTF_8);
    }
}
