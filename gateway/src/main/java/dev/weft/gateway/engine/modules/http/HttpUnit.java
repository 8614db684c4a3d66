package dev.weft.gateway.engine.modules.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.CollaborativeUnit;
import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineJson;
import dev.weft.gateway.engine.modules.Envelope;
import dev.weft.gateway.engine.modules.ModuleUnit;
import dev.weft.gateway.engine.modules.ResultShape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured HTTP engine: starts an {@link HttpJob} per execution, or, in mode steps, drives a
 * collaborative subtask's part in {@link HttpSteps}.
 */
final class HttpUnit extends ModuleUnit implements CollaborativeUnit {
    private static final Logger LOG = LoggerFactory.getLogger(HttpUnit.class);
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
    public void start(UnitRequest request, UnitCompletion completion) throws UnitException {
        if (settings.resultMode() == HttpSettings.Mode.STEPS) {
            throw UnitException.coded("NOT_COLLABORATIVE", "engine %s (http mode steps) takes part in collaborative "
                    + "subtasks only, and operation '%s' of this one is not marked collaborative", name(),
                    request.operation());
        }
        new HttpJob(this, request, completion).start();
    }

    @Override
    public byte[] collaborate(UnitRequest request, Exchange exchange) throws Exception {
        if (settings.resultMode() != HttpSettings.Mode.STEPS) {
            throw UnitException.coded("NOT_COLLABORATIVE", "engine %s takes no part in an exchange: a collaborative "
                    + "subtask needs an engine in http mode steps", name());
        }
        return new HttpSteps(this, request, exchange).run();
    }

    /** A request to {@code uri} with this engine's headers, its credentials and the execution's ID. */
    HttpRequest.Builder base(URI uri, UnitRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout())
                .header("Accept", "application/json").header("X-Weft-Execution", request.executionId());
        settings.headers().forEach(b::header);
        secretHeaders.forEach(b::header);
        return b;
    }

    /**
     * A refusal (4xx but 408 and 429) is the task's failure, {@code ENGINE_REJECTED} with the engine's short
     * code; any other status is a unit fault.
     */
    void refused(int status, byte[] body, UnitRequest request) throws UnitException, UnitFault {
        if (status / 100 == 4 && status != 408 && status != 429) {
            String code = "";
            try {
                code = shortCode(EngineJson.parse(body, "refusal"));
            } catch (UnitException notJson) {
                // the code is optional
            }
            LOG.info("{}: engine refused {} with HTTP {}: {}", name(), request.executionId(), status,
                    new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8));
            throw UnitException.coded("ENGINE_REJECTED", "engine %s refused the request (HTTP %d)%s", name(),
                    status, code);
        }
        throw new UnitFault("ENGINE_FAILED", "engine " + name() + " answered HTTP " + status);
    }

    /** The engine's own error code, only when it is a short code (no free text reaches the chain). */
    String shortCode(JsonNode doc) {
        if (settings.errorPointer() == null) {
            return "";
        }
        String code = doc.at(settings.errorPointer()).asText("");
        return code.matches("[A-Za-z0-9_.-]{1,64}") ? ": " + code : "";
    }

    static String cause(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage());
    }

    @Override
    public String toString() {
        return "http unit " + name() + " (" + settings.resultMode() + " " + settings.url() + ")";
    }
}
