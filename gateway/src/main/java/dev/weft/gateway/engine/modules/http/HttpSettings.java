package dev.weft.gateway.engine.modules.http;

import dev.weft.engine.api.ModuleConfigException;
import dev.weft.engine.api.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code http:} section of an engine entry (docs/engines.md).
 *
 * @param url where the engine request is POSTed
 * @param mode {@code sync} (the answer is the result), {@code push} (the engine answers 202 and calls back),
 *     {@code pull} (the engine answers 202 and is polled at {@code statusUrl}), {@code steps} (a collaborative
 *     subtask's part, one call a step: {@link HttpSteps})
 * @param headers extra request headers (not secret)
 * @param secretHeaders headers whose values are credentials, by reference ({@code {env: …}} or {@code {file: …}})
 * @param request {@code envelope} (default) or {@code parameters}
 * @param resultPointer where the result is in a final answer (default: the whole answer)
 * @param errorPointer where a short error code is in a refusal or failed job (optional)
 * @param jobPointer where the job id is in a 202 answer (default {@code /job})
 * @param statusUrl the job's status, {@code {job}} replaced by its id (pull, and push's fallback)
 * @param statePointer where the state is in a status answer or a pushed body (default {@code /state})
 * @param doneStates states that mean the result is there (default {@code [done]})
 * @param failedStates states that mean the job failed (default {@code [failed]})
 * @param callbackWait push: how long to wait for the callback before pulling (default 30s)
 * @param pollInitial first poll delay (default 200ms), doubled up to {@code pollMax} (default 5s)
 * @param requestTimeout one HTTP exchange's timeout (default 30s)
 * @param maxAnswerBytes largest answer read (default 4 MiB)
 * @param tls {@code ca} to trust for an https engine, {@code cert}/{@code key} to present (optional)
 * @param stepWait steps: how long to wait for each item the engine waits for (default 5m)
 * @param maxSteps steps: the most calls one execution makes (default 64)
 */
public record HttpSettings(URI url, String mode, Map<String, String> headers, Map<String, SecretRef> secretHeaders,
        String request, String resultPointer, String errorPointer, String jobPointer, String statusUrl,
        String statePointer, List<String> doneStates, List<String> failedStates, Duration callbackWait,
        Duration pollInitial, Duration pollMax, Duration requestTimeout, Integer maxAnswerBytes, ClientTls tls,
        Duration stepWait, Integer maxSteps) {

    /** The result modes of S1.9, and steps: a collaborative subtask's part (S1.10). */
    public enum Mode { SYNC, PUSH, PULL, STEPS }

    /** TLS towards an https engine. */
    public record ClientTls(String ca, String cert, String key) {
    }

    public HttpSettings {
        if (url == null || url.getScheme() == null || !url.getScheme().matches("https?")) {
            throw new ModuleConfigException("http.url is an http:// or https:// URL");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        secretHeaders = secretHeaders == null ? Map.of() : Map.copyOf(secretHeaders);
        jobPointer = jobPointer == null ? "/job" : jobPointer;
        statePointer = statePointer == null ? "/state" : statePointer;
        doneStates = doneStates == null ? List.of("done") : List.copyOf(doneStates);
        failedStates = failedStates == null ? List.of("failed") : List.copyOf(failedStates);
        callbackWait = callbackWait == null ? Duration.ofSeconds(30) : callbackWait;
        pollInitial = pollInitial == null ? Duration.ofMillis(200) : pollInitial;
        pollMax = pollMax == null ? Duration.ofSeconds(5) : pollMax;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        maxAnswerBytes = maxAnswerBytes == null ? 4 * 1024 * 1024 : maxAnswerBytes;
        stepWait = stepWait == null ? Duration.ofMinutes(5) : stepWait;
        maxSteps = maxSteps == null ? 64 : maxSteps;
        Mode m = parse(mode);
        if (m == Mode.STEPS) {
            if (request != null && !request.equals("envelope")) {
                throw new ModuleConfigException("http.mode steps sends the whole envelope: leave http.request out");
            }
            resultPointer = resultPointer == null ? "/result" : resultPointer;
            if (stepWait.isNegative() || stepWait.isZero() || maxSteps < 1) {
                throw new ModuleConfigException("http.stepWait and http.maxSteps are positive");
            }
        } else if (m != Mode.SYNC && (statusUrl == null || !statusUrl.contains("{job}"))) {
            throw new ModuleConfigException("http.statusUrl with {job} is required in mode " + mode
                    + (m == Mode.PUSH ? " (push falls back to pull when a callback does not come)" : ""));
        }
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase("authorization") || name.toLowerCase(java.util.Locale.ROOT).contains("key")
                    || name.toLowerCase(java.util.Locale.ROOT).contains("token")) {
                throw new ModuleConfigException("http.headers." + name
                        + " looks like a credential: put it under secretHeaders as {env: …} or {file: …}");
            }
        }
    }

    /** The result mode. */
    public Mode resultMode() {
        return parse(mode);
    }

    private static Mode parse(String mode) {
        String m = mode == null ? "sync" : mode;
        return switch (m) {
            case "sync" -> Mode.SYNC;
            case "push" -> Mode.PUSH;
            case "pull" -> Mode.PULL;
            case "steps" -> Mode.STEPS;
            default -> throw new ModuleConfigException("http.mode is sync, push, pull or steps, not '" + m + "'");
        };
    }

    URI status(String job) {
        return URI.create(statusUrl.replace("{job}", java.net.URLEncoder.encode(job, java.nio.charset.StandardCharsets.UTF_8)));
    }
}
