package dev.weft.gateway.engine.modules.http;

import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.modules.Envelope;
import dev.weft.gateway.engine.modules.ModuleUnit;
import dev.weft.gateway.engine.modules.ResultShape;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** One configured HTTP engine: starts an {@link HttpJob} per execution. */
final class HttpUnit extends ModuleUnit {
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
        super(name, operations, timeout);
        this.settings = settings;
        this.secretHeaders = secretHeaders;
        this.client = client;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.shape = Envelope.shape(settings.request());
        this.result = ResultShape.of(settings.resultPointer());
    }

    @Override
    public void start(UnitRequest request, UnitCompletion completion) {
        new HttpJob(this, request, completion).start();
    }

    @Override
    public String toString() {
        return "http unit " + name() + " (" + settings.resultMode() + " " + settings.url() + ")";
    }
}
