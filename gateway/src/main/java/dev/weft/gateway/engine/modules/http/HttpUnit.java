package dev.weft.gateway.engine.modules.http;

import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.ComputeUnit;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.modules.Envelope;
import dev.weft.gateway.engine.modules.ResultShape;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** One configured HTTP engine: starts an {@link HttpJob} per execution. */
final class HttpUnit implements ComputeUnit {
    final String name;
    final Set<String> operations;
    final Duration timeout;
    final HttpSettings settings;
    final Map<String, String> secretHeaders;
    final HttpClient client;
    final ScheduledExecutorService scheduler;
    final Callbacks callbacks;
    final Envelope.Shape shape;
    final ResultShape result;
    final AtomicInteger waiting = new AtomicInteger();

    HttpUnit(String name, Set<String> operations, Duration timeout, HttpSettings settings,
            Map<String, String> secretHeaders, HttpClient client, ScheduledExecutorService scheduler,
            Callbacks callbacks) {
        this.name = name;
        this.operations = Set.copyOf(operations);
        this.timeout = timeout;
        this.settings = settings;
        this.secretHeaders = secretHeaders;
        this.client = client;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.shape = Envelope.shape(settings.request());
        this.result = ResultShape.of(settings.resultPointer());
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
    public Optional<Duration> timeout() {
        return Optional.of(timeout);
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) {
        new HttpJob(this, request, completion).start();
    }

    @Override
    public String toString() {
        return "http unit " + name + " (" + settings.resultMode() + " " + settings.url() + ")";
    }
}
