package dev.weft.gateway.engine.modules.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.Callbacks;
import dev.weft.engine.api.UnitCompletion;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineJson;
import dev.weft.gateway.engine.modules.Envelope;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution on an HTTP engine. Sync: the answer is the result. Push: the
 * engine answers 202 with a job id and later POSTs the job's final status to
 * the callback URL with the single-use token; if it has not after
 * {@code callbackWait}, the job is pulled instead. Pull: the status URL is
 * polled with exponential back-off on the shared scheduler. Nothing here
 * blocks a thread; every step runs when an exchange or a delay completes.
 */
final class HttpJob {
    private static final Logger LOG = LoggerFactory.getLogger(HttpJob.class);
    /** Failed polls in a row after which the engine counts as gone (S0.9). */
    static final int MAX_POLL_ERRORS = 3;

    private final HttpUnit unit;
    private final UnitRequest request;
    private final UnitCompletion completion;
    private volatile Callbacks.Expected expected;
    private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
    private volatile String job;
    private volatile boolean polling;
    private Duration delay;
    private int pollErrors;

    HttpJob(HttpUnit unit, UnitRequest request, UnitCompletion completion) {
        this.unit = unit;
        this.request = request;
        this.completion = completion;
        this.delay = unit.settings.pollInitial();
    }

    void start() {
        ObjectNode envelope = Envelope.of(request, unit.shape);
        if (unit.settings.resultMode() == HttpSettings.Mode.PUSH) {
            expected = unit.callbacks.expect(request, unit.limit(), this::pushed);
            if (unit.shape == Envelope.Shape.ENVELOPE) {
                ObjectNode callback = envelope.putObject("callback");
                callback.put("url", expected.url().toString());
                callback.put("token", expected.token());
            }
        }
        unit.waiting.incrementAndGet();
        completion.onCancel(this::stop);
        HttpRequest.Builder post = unit.base(unit.settings.url(), request)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Envelope.bytes(envelope)))
                .header("Content-Type", "application/json");
        if (expected != null) {
            post.header("X-Weft-Callback", expected.url().toString()).header("X-Weft-Callback-Token", expected.token());
        }
        send(post.build()).whenComplete(this::answered);
    }

    private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest r) {
        CompletableFuture<HttpResponse<byte[]>> call =
                unit.client.sendAsync(r, BoundedBody.handler(unit.settings.maxAnswerBytes()));
        inFlight = call;
        return call;
    }

    private void answered(HttpResponse<byte[]> response, Throwable error) {
        if (completion.isDone()) {
            return;
        }
        if (error != null) {
            end(new UnitFault("ENGINE_UNREACHABLE", "engine " + unit.name() + " cannot be reached: " + HttpUnit.cause(error)));
            return;
        }
        int status = response.statusCode();
        try {
            if (status == 202 && unit.settings.resultMode() != HttpSettings.Mode.SYNC) {
                accepted(response.body());
            } else if (status / 100 == 2) {
                if (unit.settings.resultMode() == HttpSettings.Mode.SYNC) {
                    succeed(unit.result.result(response.body(), unit.name()));
                } else {
                    finalStatus(EngineJson.parse(response.body(), "the answer of engine " + unit.name()), true);
                }
            } else {
                unit.refused(status, response.body(), request);
            }
        } catch (UnitException | UnitFault e) {
            end(e);
        }
    }

    private void accepted(byte[] body) throws UnitException, UnitFault {
        JsonNode id = EngineJson.parse(body, "the answer of engine " + unit.name()).at(unit.settings.jobPointer());
        if (!id.isValueNode() || id.asText().isEmpty()) {
            throw new UnitFault("ENGINE_PROTOCOL", "engine " + unit.name() + " accepted the job but gave no id at "
                    + unit.settings.jobPointer());
        }
        job = id.asText();
        LOG.debug("{}: {} accepted as job {}", unit.name(), request.executionId(), job);
        Duration first = unit.settings.resultMode() == HttpSettings.Mode.PUSH ? unit.settings.callbackWait() : delay;
        schedule(first, unit.settings.resultMode() == HttpSettings.Mode.PUSH ? this::fallBackToPull : this::poll);
    }

    /** A pushed body: the job's final status. Returns whether it was taken. */
    private boolean pushed(byte[] body) {
        if (completion.isDone()) {
            return false;
        }
        try {
            return finalStatus(EngineJson.parse(body, "the callback of engine " + unit.name()), true);
        } catch (UnitException e) {
            LOG.warn("{}: unreadable callback for {}: {}", unit.name(), request.executionId(), e.getMessage());
            return false;
        }
    }

    private void fallBackToPull() {
        if (completion.isDone()) {
            return;
        }
        LOG.info("{}: no callback for {} after {}; pulling job {}", unit.name(), request.executionId(),
                unit.settings.callbackWait(), job);
        poll();
    }

    private void poll() {
        if (completion.isDone()) {
            return;
        }
        polling = true;
        send(unit.base(unit.settings.status(job), request).GET().build()).whenComplete(this::polled);
    }

    private void polled(HttpResponse<byte[]> response, Throwable error) {
        if (completion.isDone()) {
            return;
        }
        try {
            if (error == null && response.statusCode() == 200) {
                pollErrors = 0;
                if (!finalStatus(EngineJson.parse(response.body(), "the status of engine " + unit.name()), false)) {
                    delay = delay.multipliedBy(2).compareTo(unit.settings.pollMax()) > 0 ? unit.settings.pollMax()
                            : delay.multipliedBy(2);
                    schedule(delay, this::poll);
                }
                return;
            }
            if (error == null && response.statusCode() == 404) {
                throw new UnitFault("ENGINE_LOST_JOB", "engine " + unit.name() + " no longer knows job " + job);
            }
            if (++pollErrors >= MAX_POLL_ERRORS) {
                throw new UnitFault("ENGINE_UNREACHABLE", "engine " + unit.name() + " failed " + pollErrors
                        + " status polls of job " + job + " in a row: "
                        + (error != null ? HttpUnit.cause(error) : "HTTP " + response.statusCode()));
            }
            schedule(delay, this::poll);
        } catch (UnitException | UnitFault e) {
            end(e);
        }
    }

    /**
     * Completes from a status document when its state is final; returns false
     * while the job still runs. A pushed body without a state is the result itself.
     */
    private boolean finalStatus(JsonNode doc, boolean pushed) throws UnitException {
        JsonNode state = doc.at(unit.settings.statePointer());
        if (state.isMissingNode() && pushed) {
            return succeed(unit.result.result(EngineJson.canonical(doc), unit.name()));
        }
        String s = state.asText();
        if (unit.settings.doneStates().contains(s)) {
            return succeed(EngineJson.canonical(unit.result.select(doc, unit.name())));
        }
        if (unit.settings.failedStates().contains(s)) {
            end(UnitException.coded("ENGINE_JOB_FAILED", "engine %s reports job %s failed%s", unit.name(), job,
                    unit.shortCode(doc)));
            return true;
        }
        return false;
    }

    private boolean succeed(byte[] result) {
        boolean taken = completion.succeed(result);
        if (taken) {
            done();
        }
        return taken;
    }

    private void end(Exception e) {
        if (completion.complete(e)) {
            done();
        }
    }

    private void done() {
        unit.waiting.decrementAndGet();
        Callbacks.Expected e = expected;
        if (e != null) {
            e.close(); // a callback after a pulled result is late
        }
        if (polling) {
            LOG.debug("{}: {} ended by pull", unit.name(), request.executionId());
        }
    }

    private void stop() {
        unit.waiting.decrementAndGet();
        inFlight.cancel(true);
        Callbacks.Expected e = expected;
        if (e != null) {
            e.close();
        }
    }

    private void schedule(Duration after, Runnable step) {
        unit.scheduler.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                end(new UnitFault("UNIT_FAILED", "engine " + unit.name() + ": " + e, e));
            }
        }, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
    }
}
