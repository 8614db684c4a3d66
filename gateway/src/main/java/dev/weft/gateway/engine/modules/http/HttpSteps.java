package dev.weft.gateway.engine.modules.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.api.Exchange;
import dev.weft.engine.api.UnitException;
import dev.weft.engine.api.UnitFault;
import dev.weft.engine.api.UnitRequest;
import dev.weft.gateway.engine.EngineJson;
import dev.weft.gateway.engine.modules.Envelope;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collaborative execution (S1.10) on an HTTP engine in mode {@code steps}: the module
 * drives the exchange and the engine stays a plain HTTP service that keeps nothing between
 * calls. Each step POSTs the envelope with an {@code exchange} member (this organisation,
 * the participants, the step's number and every item received so far, base64), and the
 * engine answers either
 * <pre>
 * {"send":[{"to":"Org2MSP","name":"share","data":"MTIz"}],"wait":[{"from":"Org2MSP","name":"share"}]}
 * </pre>
 * (the module sends those items, waits until every awaited one has arrived, and calls again)
 * or, without {@code wait}, its final answer, whose {@code result} member (the
 * {@code resultPointer}) is the result; items in its {@code send} go out before the result is
 * returned. The engine may list an item it sent in an earlier step again: the same bytes are
 * not sent twice, other bytes under the same name are the engine's fault. An answer that does
 * not follow this, a step that waits only for what has arrived already, or more steps than
 * {@code maxSteps} are unit faults ({@code ENGINE_PROTOCOL}), and the attempt is sent again.
 */
final class HttpSteps {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSteps.class);

    private final HttpUnit unit;
    private final UnitRequest request;
    private final Exchange exchange;
    /** What was sent, by (to, name). */
    private final Map<Link, byte[]> sent = new TreeMap<>();
    /** What arrived, by (from, name): every call lists it in that order. */
    private final Map<Link, byte[]> received = new TreeMap<>();

    private record Link(String peer, String name) implements Comparable<Link> {
        @Override
        public int compareTo(Link o) {
            int c = peer.compareTo(o.peer);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    HttpSteps(HttpUnit unit, UnitRequest request, Exchange exchange) {
        this.unit = unit;
        this.request = request;
        this.exchange = exchange;
    }

    byte[] run() throws Exception {
        for (int step = 1; step <= unit.settings.maxSteps(); step++) {
            JsonNode answer = call(step);
            send(answer.path("send"));
            JsonNode wait = answer.path("wait");
            if (wait.isMissingNode() || wait.isNull() || (wait.isArray() && wait.isEmpty())) {
                LOG.debug("{}: {} ended after {} steps", unit.name(), request.executionId(), step);
                return EngineJson.canonical(unit.result.select(answer, unit.name()));
            }
            await(wait, step);
        }
        throw protocol("took more than " + unit.settings.maxSteps() + " steps (http.maxSteps)");
    }

    private JsonNode call(int step) throws Exception {
        ObjectNode body = Envelope.of(request, Envelope.Shape.ENVELOPE);
        ObjectNode x = body.putObject("exchange");
        x.put("self", exchange.self());
        ArrayNode participants = x.putArray("participants");
        exchange.participants().forEach(participants::add);
        x.put("step", step);
        ArrayNode items = x.putArray("received");
        received.forEach((link, bytes) -> items.addObject().put("from", link.peer()).put("name", link.name())
                .put("data", Base64.getEncoder().encodeToString(bytes)));
        HttpRequest post = unit.base(unit.settings.url(), request)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Envelope.bytes(body)))
                .header("Content-Type", "application/json").build();
        HttpResponse<byte[]> response;
        try {
            response = unit.client.send(post, BoundedBody.handler(unit.settings.maxAnswerBytes()));
        } catch (IOException e) {
            throw new UnitFault("ENGINE_UNREACHABLE", "engine " + unit.name() + " cannot be reached: "
                    + HttpUnit.cause(e));
        }
        if (response.statusCode() / 100 != 2) {
            unit.refused(response.statusCode(), response.body(), request);
        }
        try {
            JsonNode answer = EngineJson.parse(response.body(), "the answer of engine " + unit.name());
            if (!answer.isObject()) {
                throw protocol("answered step " + step + " with something other than a JSON object");
            }
            return answer;
        } catch (UnitException e) {
            throw protocol("answered step " + step + " with " + e.getMessage());
        }
    }

    private void send(JsonNode items) throws UnitException, UnitFault {
        if (items.isMissingNode() || items.isNull()) {
            return;
        }
        if (!items.isArray()) {
            throw protocol("gave 'send' that is not a list");
        }
        for (JsonNode item : items) {
            Link link = new Link(text(item, "to"), text(item, "name"));
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text(item, "data"));
            } catch (IllegalArgumentException e) {
                throw protocol("gave item " + link.name() + " for " + link.peer() + " whose data is not base64");
            }
            byte[] before = sent.get(link);
            if (before != null) {
                if (!Arrays.equals(before, bytes)) {
                    throw protocol("sent other bytes under " + link.name() + " to " + link.peer()
                            + " than it sent before (engines must be deterministic)");
                }
                continue;
            }
            exchange.send(link.peer(), link.name(), bytes);
            sent.put(link, bytes);
        }
    }

    private void await(JsonNode wait, int step) throws Exception {
        if (!wait.isArray()) {
            throw protocol("gave 'wait' that is not a list");
        }
        boolean anyNew = false;
        for (JsonNode item : wait) {
            Link link = new Link(text(item, "from"), text(item, "name"));
            if (received.containsKey(link)) {
                continue;
            }
            anyNew = true;
            received.put(link, exchange.receive(link.peer(), link.name(), unit.settings.stepWait()));
        }
        if (!anyNew) {
            throw protocol("waits at step " + step + " only for items it was given already");
        }
    }

    private String text(JsonNode item, String field) throws UnitFault {
        JsonNode v = item.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw protocol("gave an item without '" + field + "'");
        }
        return v.asText();
    }

    private UnitFault protocol(String what) {
        return new UnitFault("ENGINE_PROTOCOL", "engine " + unit.name() + " " + what);
    }
}
